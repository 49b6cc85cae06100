using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso;

/// <summary>
/// The TSO → hub direction (docs/architecture.md, "Supply-point changes at the TSO"): a change of a supply point's
/// facts at the TSO node (meter replacement, 定例検針日, contract current or capacity, remote reading) is written with
/// a <see cref="PointChange"/> row in the same transaction (the node's outbox); the hub reads the rows in order and
/// applies each once (<see cref="Applications.HandOff.TsoHandOff.ApplyPointChangeAsync"/>).
/// </summary>
public sealed class TsoPointChanges(TsoNodeArea served, SwitchingDbContext db, TimeProvider clock, WriteGate? writeGate = null)
{
    /// <summary>Applies <paramref name="change"/> to the point at this TSO; the errors (nothing changed), none when done; null when the point is not this TSO's.</summary>
    public async Task<IReadOnlyList<string>?> ChangeAsync(string pointId, PointFactsChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var errors = change.Check();
        db.ChangeTracker.Clear();
        using var turn = writeGate is null ? null : await writeGate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await db.SupplyPoints.Where(p => p.Id == pointId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version + 1), cancellationToken).ConfigureAwait(false) == 0)
        {
            return null;
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var point = await db.SupplyPoints.SingleAsync(p => p.Id == pointId, cancellationToken).ConfigureAwait(false);
        var before = PointFactsMessage.Of(point);
        change.ApplyTo(point);
        var after = PointFactsMessage.Of(point);
        var now = clock.GetUtcNow();
        db.PointChanges.Add(new PointChange { SupplyPointId = pointId, Facts = JsonSerializer.Serialize(after, TsoOrderDesk.Json), ChangedAt = now });
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = LocalTsoService.Actor,
            Subject = "supply-point",
            SubjectId = pointId,
            Action = "facts-changed",
            Detail = string.Create(CultureInfo.InvariantCulture, $"area {served.Area:D2}: {before} → {after}"),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return [];
    }

    /// <summary>The changes after <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<PointChangePage> ReadAsync(long after, int limit, CancellationToken cancellationToken)
    {
        var rows = await db.PointChanges.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        var items = rows.ConvertAll(r => new PointChangeItem(r.Id, JsonSerializer.Deserialize<PointFactsMessage>(r.Facts, TsoOrderDesk.Json)!, r.ChangedAt));
        return new PointChangePage(items, items.Count == 0 ? after : items[^1].Id);
    }
}

/// <summary>A change of a point's facts at the TSO: each field given is set, a missing (null) one left as it is.</summary>
public sealed record PointFactsChange(
    string? MeterType = null,
    bool? RemoteReading = null,
    int? ReadingDay = null,
    string? SmartMeterReplacement = null,
    DateOnly? SmartMeterReplacementDate = null,
    int? ContractAmperes = null,
    int? ContractCapacityKw = null,
    string? ContractType = null)
{
    /// <summary>Every fault of the change; empty when it can be applied.</summary>
    public List<string> Check()
    {
        var errors = new List<string>();
        if (MeterType is not (null or MeterTypes.Smart or MeterTypes.Conventional))
        {
            errors.Add($"meterType: '{MeterType}' is not smart or conventional");
        }

        if (ReadingDay is < 1 or > 28)
        {
            errors.Add($"readingDay: {ReadingDay} is not a day 1 to 28");
        }

        if (SmartMeterReplacement is not (null or "done" or "planned" or "none"))
        {
            errors.Add($"smartMeterReplacement: '{SmartMeterReplacement}' is not done, planned or none");
        }

        if (ContractAmperes is < 1 or > 1000)
        {
            errors.Add($"contractAmperes: {ContractAmperes} is not 1 to 1000");
        }

        if (ContractCapacityKw is < 1 or > 100_000)
        {
            errors.Add($"contractCapacityKw: {ContractCapacityKw} is not 1 to 100000");
        }

        if (ContractType is { Length: > 40 })
        {
            errors.Add("contractType: at most 40 characters");
        }

        if (this == new PointFactsChange())
        {
            errors.Add("no fact to change");
        }

        return errors;
    }

    public void ApplyTo(SupplyPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        point.MeterType = MeterType ?? point.MeterType;
        point.RemoteReading = RemoteReading ?? point.RemoteReading;
        point.ReadingDay = ReadingDay ?? point.ReadingDay;
        point.SmartMeterReplacement = SmartMeterReplacement ?? point.SmartMeterReplacement;
        point.SmartMeterReplacementDate = SmartMeterReplacementDate ?? point.SmartMeterReplacementDate;
        point.ContractAmperes = ContractAmperes ?? point.ContractAmperes;
        point.ContractCapacityKw = ContractCapacityKw ?? point.ContractCapacityKw;
        point.ContractType = ContractType ?? point.ContractType;
    }
}

/// <summary>
/// A point's facts as the TSO holds them after a change (the whole state, so applying it twice is harmless).
/// <paramref name="AmpereOrder"/> is the hub's last ampere order the TSO had applied to the point when the change
/// was written (<see cref="SupplyPoint.AmpereOrder"/>; 0 in a change written before the field existed): the hub keeps
/// its own contract current when it has applied a newer one (<see cref="Applications.HandOff.TsoHandOff.ApplyPointChangeAsync"/>).
/// </summary>
public sealed record PointFactsMessage(
    string SupplyPointId,
    string ContractType,
    int? ContractAmperes,
    int? ContractCapacityKw,
    string MeterType,
    bool RemoteReading,
    int ReadingDay,
    string SmartMeterReplacement,
    DateOnly? SmartMeterReplacementDate,
    long AmpereOrder = 0)
{
    public static PointFactsMessage Of(SupplyPoint p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Id, p.ContractType, p.ContractAmperes, p.ContractCapacityKw, p.MeterType, p.RemoteReading, p.ReadingDay, p.SmartMeterReplacement, p.SmartMeterReplacementDate, p.AmpereOrder);
    }

    /// <summary>Sets every fact of <paramref name="point"/> to this message's, the contract current and its ampere order included.</summary>
    public void ApplyTo(SupplyPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        (point.ContractType, point.ContractAmperes, point.ContractCapacityKw, point.MeterType, point.RemoteReading, point.ReadingDay, point.SmartMeterReplacement, point.SmartMeterReplacementDate, point.AmpereOrder) =
            (ContractType, ContractAmperes, ContractCapacityKw, MeterType, RemoteReading, ReadingDay, SmartMeterReplacement, SmartMeterReplacementDate, AmpereOrder);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"meter {MeterType}, remote {RemoteReading}, reading day {ReadingDay}, replacement {SmartMeterReplacement} {SmartMeterReplacementDate:yyyy-MM-dd}, {ContractAmperes} A (ampere order {AmpereOrder}), {ContractCapacityKw} kW, {ContractType}");
}

/// <summary>One change in a TSO node's sequence.</summary>
public sealed record PointChangeItem(long Id, PointFactsMessage Facts, DateTimeOffset ChangedAt);

/// <summary>A page of changes; <see cref="Next"/> is the cursor to ask with next time.</summary>
public sealed record PointChangePage(IReadOnlyList<PointChangeItem> Items, long Next);
