using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Renkei.Gateway.Store;

/// <summary>
/// The gateway's own store: OpenIddict's applications (retailer systems, secrets hashed), tokens and authorisations,
/// the retailers' webhooks with their pending and past deliveries; and, when instances share it on PostgreSQL, the
/// token keys and the ASP.NET data-protection keys.
/// </summary>
internal sealed class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SharedTokenKeys> TokenKeys => Set<SharedTokenKeys>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    public DbSet<WebhookCursor> WebhookCursors => Set<WebhookCursor>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        modelBuilder.Entity<SharedTokenKeys>(e =>
        {
            e.ToTable("token_keys");
            e.HasKey(k => k.Id);
            e.Property(k => k.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<Webhook>(e =>
        {
            e.ToTable("webhooks");
            e.HasKey(w => w.Id);
            e.HasIndex(w => w.RetailerCode);
            e.HasMany(w => w.Deliveries).WithOne().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(d => d.Id);
            e.HasIndex(d => d.NextAttemptAtMs);
            e.HasIndex(d => new { d.WebhookId, d.Id });
            e.HasMany(d => d.Attempts).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<WebhookAttempt>(e =>
        {
            e.ToTable("webhook_attempts");
            e.HasKey(a => a.Id);
        });
        modelBuilder.Entity<WebhookCursor>(e =>
        {
            e.ToTable("webhook_cursor");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).ValueGeneratedNever();
        });
    }
}
