using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;

namespace Renkei.Switching.Store;

/// <summary>The switching store (EF Core; SQLite by default).</summary>
public sealed class SwitchingDbContext(DbContextOptions<SwitchingDbContext> options) : DbContext(options)
{
    public DbSet<Retailer> Retailers => Set<Retailer>();

    public DbSet<SupplyPoint> SupplyPoints => Set<SupplyPoint>();

    public DbSet<WheelingContract> WheelingContracts => Set<WheelingContract>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Retailer>(e =>
        {
            e.HasKey(r => r.Code);
            e.Property(r => r.Code).HasMaxLength(5);
            e.Property(r => r.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<SupplyPoint>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).HasMaxLength(22);
            e.Property(p => p.Address).HasMaxLength(400);
        });
        modelBuilder.Entity<WheelingContract>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.SupplyPointId).HasMaxLength(22);
            e.Property(c => c.RetailerCode).HasMaxLength(5);
            e.HasIndex(c => new { c.SupplyPointId, c.StartDate }).IsUnique();
            e.HasIndex(c => c.ChangeSeq).IsUnique();
            e.HasIndex(c => c.RetailerCode);
            e.HasOne<SupplyPoint>().WithMany().HasForeignKey(c => c.SupplyPointId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Retailer>().WithMany().HasForeignKey(c => c.RetailerCode).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
