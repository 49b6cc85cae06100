using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso.Node;

/// <summary>
/// The TSO → hub direction (docs/architecture.md, "Supply-point changes at the TSO"): a change of a supply point's
/// facts at the TSO node (meter replacement, 定例検針日, contract current or capacity, remote reading) is written with
/// a <see cref="PointChange"/> row in the same transaction (the node's outbox); the hub reads the rows in order and
/// applies each once (<see cref="Hub.ITsoAnswers.ApplyPointChangeAsync"/>).
/// </summary>
internal sealed class TsoPointChanges(TsoNodeArea served, SwitchingDbContext db, TimeProvider clock, WriteGate? writeGate = null)
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
        db.PointChanges.Add(new PointChange { SupplyPointId = pointId, Facts = JsonSerializer.Serialize(after, TsoRoutes.Json), ChangedAt = now });
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = TsoActors.Tso,
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
        var items = rows.ConvertAll(r => new PointChangeItem(r.Id, JsonSerializer.Deserialize<PointFactsMessage>(r.Facts, TsoRoutes.Json)!, r.ChangedAt));
        return new PointChangePage(items, items.Count == 0 ? after : items[^1].Id);
    }
}

/// <summary>A change of a point's facts at the TSO: each field given is set, a missing (null) one left as it is.</summary>
internal sealed record PointFactsChange(
    string? MeterType = null,
    bool? RemoteReading = null,
    int? ReadingDay = null,
    string? SmartMeterReplacement = null,
    DateOnly? SmartMeterReplacementDate = null,
    int? ContractAmperes = null,
    int? ContractCapacityKw = null,
    string? ContractType = null,
    string? ReadingSchedule = null)
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

        if (ReadingSchedule is { } code && (code.Length is 0 or > Formats.Switching.ReadingScheduleFile.MaxCodeLength || !code.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c))))
        {
            errors.Add($"readingSchedule: '{Formats.Text.Echo.Prefix(code)}' is not a schedule code: 1 to {Formats.Switching.ReadingScheduleFile.MaxCodeLength} digits or capital letters");
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
        point.ReadingSchedule = ReadingSchedule ?? point.ReadingSchedule;
        point.SmartMeterReplacement = SmartMeterReplacement ?? point.SmartMeterReplacement;
        point.SmartMeterReplacementDate = SmartMeterReplacementDate ?? point.SmartMeterReplacementDate;
        point.ContractAmperes = ContractAmperes ?? point.ContractAmperes;
        point.ContractCapacityKw = ContractCapacityKw ?? point.ContractCapacityKw;
        point.ContractType = ContractType ?? point.ContractType;
    }
}
