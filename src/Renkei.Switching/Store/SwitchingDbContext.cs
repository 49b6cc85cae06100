using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;

namespace Renkei.Switching.Store;

/// <summary>
/// The switching store's model, the same on every database. Each provider has a derived context only so that
/// its migrations are its own (<see cref="SqliteSwitchingDbContext"/>, <see cref="PostgresSwitchingDbContext"/>);
/// the services ask for this type and get the one the configuration chose.
/// </summary>
public abstract class SwitchingDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Retailer> Retailers => Set<Retailer>();

    public DbSet<TsoAreaRecord> Areas => Set<TsoAreaRecord>();

    public DbSet<SupplyPoint> SupplyPoints => Set<SupplyPoint>();

    public DbSet<ContractHolder> ContractHolders => Set<ContractHolder>();

    public DbSet<WheelingContract> WheelingContracts => Set<WheelingContract>();

    public DbSet<Application> Applications => Set<Application>();

    /// <summary>The market's items of the applications that carry them (one row per application).</summary>
    public DbSet<ApplicationContentRecord> ApplicationContents => Set<ApplicationContentRecord>();

    /// <summary>Documents sent with applications (IF_10210), read by the applicant and the TSO only.</summary>
    public DbSet<ApplicationAttachment> ApplicationAttachments => Set<ApplicationAttachment>();

    public DbSet<CancellationRelay> CancellationRelays => Set<CancellationRelay>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<StoreLock> StoreLocks => Set<StoreLock>();

    /// <summary>The areas' reading schedules (検針日程): a reading day per schedule code and month.</summary>
    public DbSet<ReadingScheduleDay> ReadingScheduleDays => Set<ReadingScheduleDay>();

    public DbSet<RetailerEvent> RetailerEvents => Set<RetailerEvent>();

    public DbSet<NotificationCursor> NotificationCursors => Set<NotificationCursor>();

    public DbSet<ConsentPassword> ConsentPasswords => Set<ConsentPassword>();

    public DbSet<ConsentAttempts> ConsentAttempts => Set<ConsentAttempts>();

    /// <summary>The hub's outbox of orders to remote area TSOs.</summary>
    public DbSet<TsoOrder> TsoOrders => Set<TsoOrder>();

    /// <summary>A TSO node's record of the orders it answered.</summary>
    public DbSet<TsoReceipt> TsoReceipts => Set<TsoReceipt>();

    /// <summary>On a TSO node: its supply-point changes, the outbox the hub reads.</summary>
    public DbSet<PointChange> PointChanges => Set<PointChange>();

    /// <summary>On a TSO node: the customer details the retailers' IF_10810 sent it.</summary>
    public DbSet<TsoCustomerRecord> TsoCustomerRecords => Set<TsoCustomerRecord>();

    /// <summary>At the hub: how far it applied each TSO node's supply-point changes.</summary>
    public DbSet<TsoFeedCursor> TsoFeedCursors => Set<TsoFeedCursor>();

    /// <summary>The audit trail is append-only: changing or removing an entry is refused.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void RefuseAuditChanges()
    {
        foreach (var entry in ChangeTracker.Entries<AuditEntry>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException($"audit entry {entry.Entity.Id} cannot be changed or deleted: the audit trail is append-only");
            }
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Retailer>(e =>
        {
            e.HasKey(r => r.Code);
            e.Property(r => r.Code).HasMaxLength(5);
            e.Property(r => r.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<TsoAreaRecord>(e =>
        {
            e.ToTable("Areas");
            e.HasKey(a => a.Number);
            e.Property(a => a.Number).ValueGeneratedNever();
            e.Property(a => a.Name).HasMaxLength(40);
            e.Property(a => a.TsoCode).HasMaxLength(5);
            e.HasData(
                new TsoAreaRecord { Number = 1, Name = "Hokkaido", TsoCode = "T0001" },
                new TsoAreaRecord { Number = 2, Name = "Tohoku", TsoCode = "T0002" },
                new TsoAreaRecord { Number = 3, Name = "Tokyo", TsoCode = "T0003" },
                new TsoAreaRecord { Number = 4, Name = "Chubu", TsoCode = "T0004" },
                new TsoAreaRecord { Number = 5, Name = "Hokuriku", TsoCode = "T0005" },
                new TsoAreaRecord { Number = 6, Name = "Kansai", TsoCode = "T0006" },
                new TsoAreaRecord { Number = 7, Name = "Chugoku", TsoCode = "T0007" },
                new TsoAreaRecord { Number = 8, Name = "Shikoku", TsoCode = "T0008" },
                new TsoAreaRecord { Number = 9, Name = "Kyushu", TsoCode = "T0009" },
                new TsoAreaRecord { Number = 10, Name = "Okinawa", TsoCode = "T0010" });
        });
        modelBuilder.Entity<SupplyPoint>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Id).HasMaxLength(22);
            e.Property(p => p.Address).HasMaxLength(400);
            e.Property(p => p.VoltageClass).HasMaxLength(8).HasDefaultValue(VoltageClasses.Low);
            e.Property(p => p.ContractType).HasMaxLength(40).HasDefaultValue(string.Empty);
            e.Property(p => p.MeterType).HasMaxLength(16).HasDefaultValue(MeterTypes.Smart);
            e.Property(p => p.RemoteReading).HasDefaultValue(true);
            e.Property(p => p.ReadingDay).HasDefaultValue(1);
            e.Property(p => p.ReadingSchedule).HasMaxLength(8);
            e.Property(p => p.SmartMeterReplacement).HasMaxLength(16).HasDefaultValue("done");
            e.Property(p => p.Version).HasDefaultValue(0L);
            e.Property(p => p.AmpereOrder).HasDefaultValue(0L);
            e.HasOne<TsoAreaRecord>().WithMany().HasForeignKey(p => p.Area).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ContractHolder>(e =>
        {
            e.HasKey(h => h.Id);
            e.Property(h => h.SupplyPointId).HasMaxLength(22);
            e.Property(h => h.RetailerCode).HasMaxLength(5);
            e.Property(h => h.CustomerNumber).HasMaxLength(21);
            e.Property(h => h.Name).HasMaxLength(80);
            e.Property(h => h.NameKana).HasMaxLength(80);
            e.Property(h => h.Address).HasMaxLength(400);
            e.Property(h => h.Phone).HasMaxLength(20);
            e.HasIndex(h => new { h.SupplyPointId, h.RetailerCode }).IsUnique();
            e.HasOne<SupplyPoint>().WithMany().HasForeignKey(h => h.SupplyPointId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Retailer>().WithMany().HasForeignKey(h => h.RetailerCode).OnDelete(DeleteBehavior.Restrict);
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
        modelBuilder.Entity<Application>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.Number).HasMaxLength(20);
            e.HasIndex(a => a.Number).IsUnique();
            e.Property(a => a.Kind).HasMaxLength(8);
            e.Property(a => a.RetailerCode).HasMaxLength(5);
            e.Property(a => a.SupplyPointId).HasMaxLength(22);
            e.Property(a => a.Status).HasMaxLength(2);
            e.Property(a => a.CustomerNumber).HasMaxLength(21);
            e.Property(a => a.ReasonCode).HasMaxLength(16);
            e.Property(a => a.ReasonMessage).HasMaxLength(1000);
            e.HasIndex(a => new { a.SupplyPointId, a.Status });
            e.HasIndex(a => new { a.RetailerCode, a.Id });
            e.HasIndex(a => new { a.Status, a.Deadline });
            e.HasOne<SupplyPoint>().WithMany().HasForeignKey(a => a.SupplyPointId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Retailer>().WithMany().HasForeignKey(a => a.RetailerCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<CancellationRelay>().WithMany().HasForeignKey(a => a.RelayId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ApplicationContentRecord>(e =>
        {
            e.HasKey(c => c.ApplicationId);
            e.Property(c => c.ApplicationId).ValueGeneratedNever();
            e.Property(c => c.Json).HasMaxLength(8000);
            e.HasOne<Application>().WithOne().HasForeignKey<ApplicationContentRecord>(c => c.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ApplicationAttachment>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.FileName).HasMaxLength(100);
            e.Property(a => a.ContentType).HasMaxLength(32);
            e.Property(a => a.Sha256).HasMaxLength(64);
            e.HasIndex(a => new { a.ApplicationId, a.Number }).IsUnique();
            e.HasOne<Application>().WithMany().HasForeignKey(a => a.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CancellationRelay>(e =>
        {
            e.ToTable("CancellationRelays");
            e.HasKey(r => r.Id);
            e.Property(r => r.Number).HasMaxLength(20);
            e.HasIndex(r => r.Number).IsUnique();
            e.Property(r => r.Status).HasMaxLength(2);
            e.Property(r => r.NgReasons).HasMaxLength(20);
            e.Property(r => r.ReasonCode).HasMaxLength(8);
            e.Property(r => r.ReasonMessage).HasMaxLength(1000);
            e.Property(r => r.SupplyPointId).HasMaxLength(22);
            e.Property(r => r.NewRetailerCode).HasMaxLength(5);
            e.Property(r => r.CurrentRetailerCode).HasMaxLength(5);
            e.Property(r => r.ContractNumber).HasMaxLength(21);
            e.Property(r => r.HolderName).HasMaxLength(80);
            e.Property(r => r.HolderNameKana).HasMaxLength(80);
            e.Property(r => r.Address).HasMaxLength(400);
            e.Property(r => r.NewRetailerContact).HasMaxLength(80);
            e.Property(r => r.NewRetailerPhone).HasMaxLength(20);
            e.HasIndex(r => new { r.CurrentRetailerCode, r.Status });
            e.HasIndex(r => new { r.NewRetailerCode, r.Id });
            e.HasIndex(r => new { r.SupplyPointId, r.Status });
            e.HasOne<SupplyPoint>().WithMany().HasForeignKey(r => r.SupplyPointId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.Actor).HasMaxLength(16);
            e.Property(a => a.Subject).HasMaxLength(16);
            e.Property(a => a.SubjectId).HasMaxLength(32);
            e.Property(a => a.Action).HasMaxLength(32);
            e.Property(a => a.FromStatus).HasMaxLength(2);
            e.Property(a => a.ToStatus).HasMaxLength(2);
            e.Property(a => a.Detail).HasMaxLength(2000);
            e.HasIndex(a => new { a.Subject, a.SubjectId });
        });
        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.HasKey(i => new { i.RetailerCode, i.Key });
            e.Property(i => i.RetailerCode).HasMaxLength(5);
            e.Property(i => i.Key).HasMaxLength(100);
            e.Property(i => i.RequestHash).HasMaxLength(64);
        });
        modelBuilder.Entity<RetailerEvent>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.RetailerCode).HasMaxLength(5);
            e.Property(x => x.Kind).HasMaxLength(32);
            e.Property(x => x.Subject).HasMaxLength(16);
            e.Property(x => x.SubjectId).HasMaxLength(32);
            e.Property(x => x.SupplyPointId).HasMaxLength(22);
            e.Property(x => x.Status).HasMaxLength(2);
            e.Property(x => x.Message).HasMaxLength(1000);
            e.HasIndex(x => new { x.RetailerCode, x.Seq }).IsUnique();
        });
        modelBuilder.Entity<NotificationCursor>(e =>
        {
            e.HasKey(x => x.RetailerCode);
            e.Property(x => x.RetailerCode).HasMaxLength(5);
        });
        modelBuilder.Entity<ConsentPassword>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.SupplyPointId).HasMaxLength(22);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.Salt).HasMaxLength(32);
            e.Property(x => x.IssuedBy).HasMaxLength(5);
            e.HasIndex(x => x.SupplyPointId);
            e.HasOne<SupplyPoint>().WithMany().HasForeignKey(x => x.SupplyPointId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<ConsentAttempts>(e =>
        {
            e.HasKey(x => new { x.RetailerCode, x.SupplyPointId });
            e.Property(x => x.RetailerCode).HasMaxLength(5);
            e.Property(x => x.SupplyPointId).HasMaxLength(22);
        });
        modelBuilder.Entity<TsoOrder>(e =>
        {
            e.HasKey(o => o.Id);
            e.Property(o => o.Key).HasMaxLength(64);
            e.HasIndex(o => o.Key).IsUnique();
            e.Property(o => o.Kind).HasMaxLength(8);
            e.Property(o => o.SupplyPointId).HasMaxLength(22);
            e.Property(o => o.Body).HasMaxLength(16000);
            e.Property(o => o.LastError).HasMaxLength(1000);
            e.Property(o => o.Result).HasMaxLength(2000);
            e.HasIndex(o => new { o.AnsweredAt, o.Id });
        });
        modelBuilder.Entity<TsoReceipt>(e =>
        {
            e.HasKey(r => r.Key);
            e.Property(r => r.Key).HasMaxLength(64);
            e.Property(r => r.Kind).HasMaxLength(8);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.Property(r => r.Result).HasMaxLength(2000);
        });
        modelBuilder.Entity<PointChange>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.SupplyPointId).HasMaxLength(22);
            e.Property(c => c.Facts).HasMaxLength(4000);
        });
        modelBuilder.Entity<TsoCustomerRecord>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.SupplyPointId).HasMaxLength(22);
            e.Property(c => c.RetailerCode).HasMaxLength(5);
            e.Property(c => c.ApplicationNumber).HasMaxLength(20);
            e.Property(c => c.CustomerNumber).HasMaxLength(21);
            e.Property(c => c.Name).HasMaxLength(80);
            e.Property(c => c.NameKana).HasMaxLength(80);
            e.Property(c => c.PostalCode).HasMaxLength(8);
            e.Property(c => c.Address).HasMaxLength(400);
            e.Property(c => c.Building).HasMaxLength(100);
            e.Property(c => c.Phone).HasMaxLength(20);
            e.HasIndex(c => new { c.SupplyPointId, c.RetailerCode, c.Id });
        });
        modelBuilder.Entity<TsoFeedCursor>(e =>
        {
            e.HasKey(c => c.Area);
            e.Property(c => c.Area).ValueGeneratedNever();
        });
        modelBuilder.Entity<ReadingScheduleDay>(e =>
        {
            e.HasKey(d => new { d.Area, d.ScheduleCode, d.YearMonth });
            e.Property(d => d.ScheduleCode).HasMaxLength(8);
            e.Property(d => d.YearMonth).HasMaxLength(7);
            e.HasIndex(d => d.Seq).IsUnique();
            e.HasIndex(d => new { d.Area, d.ScheduleCode, d.ReadingDate });
            e.HasOne<TsoAreaRecord>().WithMany().HasForeignKey(d => d.Area).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<StoreLock>(e =>
        {
            e.HasKey(l => l.Name);
            e.Property(l => l.Name).HasMaxLength(32);
            e.HasData(new StoreLock { Name = StoreLock.ChangeFeed, Version = 0 });
        });
    }
}

/// <summary>The switching store on SQLite (the default); its migrations are in Store/Migrations/Sqlite.</summary>
public sealed class SqliteSwitchingDbContext(DbContextOptions<SqliteSwitchingDbContext> options) : SwitchingDbContext(options);

/// <summary>The switching store on PostgreSQL (production); its migrations are in Store/Migrations/Postgres.</summary>
public sealed class PostgresSwitchingDbContext(DbContextOptions<PostgresSwitchingDbContext> options) : SwitchingDbContext(options);
