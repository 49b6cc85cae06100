using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Formats.Switching;
using Renkei.Formats.Text;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Market;

/// <summary>
/// Loads a market file (<see cref="MarketFile"/>) into a switching store, the hub's or an area TSO node's (same
/// schema). Judged whole against the file and the store: a record already stored identically is left as it is
/// (so importing the same file again changes nothing), a record that contradicts the store or the file (another
/// name, other facts, overlapping contract periods, a retailer or point that exists nowhere) is an error, and any
/// error means nothing is written. Accepted, everything new is written in one transaction, the contracts under the
/// change feed's lock with the next feed positions in file order, and audited as one import.
/// </summary>
public static class MarketImport
{
    /// <summary>Actor of the import in the audit trail.</summary>
    public const string Actor = "import";

    /// <summary>
    /// Imports <paramref name="text"/> into <paramref name="db"/>. With <paramref name="area"/> (a TSO node's store)
    /// only that area's supply points and their holders and contracts are taken; the others are counted as skipped.
    /// </summary>
    public static Task<MarketImportResult> ImportAsync(SwitchingDbContext db, string text, int? area = null, TimeProvider? clock = null, CancellationToken cancellationToken = default) =>
        ImportAsync(db, MarketFile.Parse(text), area, clock, cancellationToken);

    /// <summary>
    /// Imports a market file's bytes (<paramref name="utf8"/>, as read from the file): a line that is not valid
    /// UTF-8 is a fault of form like any other. <paramref name="area"/> as for the text overload.
    /// </summary>
    public static Task<MarketImportResult> ImportAsync(SwitchingDbContext db, ReadOnlyMemory<byte> utf8, int? area = null, TimeProvider? clock = null, CancellationToken cancellationToken = default) =>
        ImportAsync(db, MarketFile.Parse(utf8.Span), area, clock, cancellationToken);

    private static async Task<MarketImportResult> ImportAsync(SwitchingDbContext db, MarketRecords file, int? area, TimeProvider? clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (file.Errors.Any(e => e.Line == 0))
        {
            return MarketImportResult.Rejected(file.Errors);
        }

        var records = new Records(file);

        var skipped = 0;
        if (area is { } only)
        {
            var before = records.Points.Count + records.Holders.Count + records.Contracts.Count;
            records.Points.RemoveAll(p => p.Point.Area != only);
            records.Holders.RemoveAll(h => AreaOf(h.Holder.SupplyPointId) != only);
            records.Contracts.RemoveAll(c => AreaOf(c.Contract.SupplyPointId) != only);
            skipped = before - records.Points.Count - records.Holders.Count - records.Contracts.Count;
        }

        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.StoreLocks.Where(l => l.Name == StoreLock.ChangeFeed)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), cancellationToken)
            .ConfigureAwait(false);
        // Faults of form and faults against the store are listed together (the lines without a fault of form are
        // still checked against the store), so one pass over the file shows everything to mend.
        var errors = new List<FormatError>(records.Errors);
        var result = new MarketImportResult { Skipped = skipped };

        // Retailers.
        var storedRetailers = await db.Retailers.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Name, cancellationToken).ConfigureAwait(false);
        var fileRetailers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, retailer) in records.Retailers)
        {
            if (fileRetailers.TryGetValue(retailer.Code, out var first))
            {
                errors.Add(new FormatError(line, "retailer.code", $"{retailer.Code} is on line {first} already"));
            }
            else if (storedRetailers.TryGetValue(retailer.Code, out var name))
            {
                fileRetailers[retailer.Code] = line;
                if (name != retailer.Name)
                {
                    errors.Add(new FormatError(line, "retailer.name", $"{retailer.Code} is stored with the name '{name}'"));
                }
                else
                {
                    result.Unchanged++;
                }
            }
            else
            {
                fileRetailers[retailer.Code] = line;
                db.Retailers.Add(retailer);
                result.Retailers++;
            }
        }

        bool RetailerKnown(string code) => storedRetailers.ContainsKey(code) || fileRetailers.ContainsKey(code);

        // Supply points.
        var pointIds = records.Points.Select(p => p.Point.Id).Concat(records.Holders.Select(h => h.Holder.SupplyPointId))
            .Concat(records.Contracts.Select(c => c.Contract.SupplyPointId)).Distinct().ToList();
        var storedPoints = new Dictionary<string, SupplyPoint>(StringComparer.Ordinal);
        foreach (var chunk in pointIds.Chunk(500))
        {
            foreach (var point in await db.SupplyPoints.AsNoTracking().Where(p => chunk.Contains(p.Id)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                storedPoints[point.Id] = point;
            }
        }

        var filePoints = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, point) in records.Points)
        {
            if (filePoints.TryGetValue(point.Id, out var first))
            {
                errors.Add(new FormatError(line, "supply_point.id", $"{point.Id} is on line {first} already"));
                continue;
            }

            filePoints[point.Id] = line;
            if (storedPoints.TryGetValue(point.Id, out var stored))
            {
                if (FactsOf(stored) != FactsOf(point))
                {
                    errors.Add(new FormatError(line, "supply_point", $"{point.Id} is stored with other facts ({FactsOf(stored)}); a change of a stored point is the TSO's supply-point change, not an import"));
                }
                else
                {
                    result.Unchanged++;
                }
            }
            else
            {
                db.SupplyPoints.Add(point);
                result.Points++;
            }
        }

        bool PointKnown(string id) => storedPoints.ContainsKey(id) || filePoints.ContainsKey(id);

        // Contract holders: one per point and retailer.
        var storedHolders = new Dictionary<(string, string), ContractHolder>();
        var holderPoints = records.Holders.Select(h => h.Holder.SupplyPointId).Distinct().ToList();
        foreach (var chunk in holderPoints.Chunk(500))
        {
            foreach (var h in await db.ContractHolders.AsNoTracking().Where(h => chunk.Contains(h.SupplyPointId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                storedHolders[(h.SupplyPointId, h.RetailerCode)] = h;
            }
        }

        var fileHolders = new Dictionary<(string, string), int>();
        foreach (var (line, holder) in records.Holders)
        {
            var key = (holder.SupplyPointId, holder.RetailerCode);
            if (!PointKnown(holder.SupplyPointId))
            {
                errors.Add(new FormatError(line, "holder.supply_point_id", $"{holder.SupplyPointId} is neither stored nor a supply_point of the file"));
            }

            if (!RetailerKnown(holder.RetailerCode))
            {
                errors.Add(new FormatError(line, "holder.retailer_code", $"{holder.RetailerCode} is neither stored nor a retailer of the file"));
            }

            if (fileHolders.TryGetValue(key, out var first))
            {
                errors.Add(new FormatError(line, "holder", $"the holder of {holder.SupplyPointId} for {holder.RetailerCode} is on line {first} already"));
                continue;
            }

            fileHolders[key] = line;
            if (!storedHolders.TryGetValue(key, out var stored))
            {
                db.ContractHolders.Add(holder);
                result.Holders++;
            }
            else if ((stored.CustomerNumber, stored.Name, stored.NameKana, stored.Address, stored.Phone) == (holder.CustomerNumber, holder.Name, holder.NameKana, holder.Address, holder.Phone))
            {
                result.Unchanged++;
            }
            else
            {
                errors.Add(new FormatError(line, "holder", $"the holder of {holder.SupplyPointId} for {holder.RetailerCode} is stored with other details (a change is the retailer's IF_10810)"));
            }
        }

        // Wheeling contracts: periods of one point never overlap, stored ones included.
        var contractPoints = records.Contracts.Select(c => c.Contract.SupplyPointId).Distinct().ToList();
        var storedContracts = new List<WheelingContract>();
        foreach (var chunk in contractPoints.Chunk(500))
        {
            storedContracts.AddRange(await db.WheelingContracts.AsNoTracking().Where(c => chunk.Contains(c.SupplyPointId)).ToListAsync(cancellationToken).ConfigureAwait(false));
        }

        var periods = storedContracts.GroupBy(c => c.SupplyPointId).ToDictionary(g => g.Key, g => g.Select(c => (Line: 0, c.RetailerCode, c.StartDate, c.EndDate)).ToList());
        var newContracts = new List<WheelingContract>();
        foreach (var (line, contract) in records.Contracts)
        {
            var bad = false;
            if (!PointKnown(contract.SupplyPointId))
            {
                errors.Add(new FormatError(line, "contract.supply_point_id", $"{contract.SupplyPointId} is neither stored nor a supply_point of the file"));
                bad = true;
            }

            if (!RetailerKnown(contract.RetailerCode))
            {
                errors.Add(new FormatError(line, "contract.retailer_code", $"{contract.RetailerCode} is neither stored nor a retailer of the file"));
                bad = true;
            }

            if (!periods.TryGetValue(contract.SupplyPointId, out var list))
            {
                periods[contract.SupplyPointId] = list = [];
            }

            var same = list.FindIndex(p => p.RetailerCode == contract.RetailerCode && p.StartDate == contract.StartDate && p.EndDate == contract.EndDate);
            if (same >= 0 && list[same].Line == 0)
            {
                result.Unchanged++;
                continue;
            }

            var overlap = list.FindIndex(p => p.StartDate < (contract.EndDate ?? DateOnly.MaxValue) && contract.StartDate < (p.EndDate ?? DateOnly.MaxValue));
            if (overlap >= 0)
            {
                var other = list[overlap];
                errors.Add(new FormatError(line, "contract", string.Create(CultureInfo.InvariantCulture,
                    $"{contract.RetailerCode} from {DateText.Format(contract.StartDate)} to {(contract.EndDate is { } end ? DateText.Format(end) : "open")} overlaps {other.RetailerCode} from {DateText.Format(other.StartDate)} to {(other.EndDate is { } otherEnd ? DateText.Format(otherEnd) : "open")} ({(other.Line == 0 ? "stored" : "line " + other.Line.ToString(CultureInfo.InvariantCulture))})")));
                bad = true;
            }

            list.Add((line, contract.RetailerCode, contract.StartDate, contract.EndDate));
            if (!bad)
            {
                newContracts.Add(contract);
            }
        }

        if (errors.Count > 0)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            return MarketImportResult.Rejected([.. errors.OrderBy(e => e.Line)]);
        }

        // Retailers and points first (the contracts and holders refer to them).
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var seq = await db.WheelingContracts.MaxAsync(c => (long?)c.ChangeSeq, cancellationToken).ConfigureAwait(false) ?? 0;
        foreach (var contract in newContracts)
        {
            contract.ChangeSeq = ++seq;
            db.WheelingContracts.Add(contract);
        }

        result.Contracts = newContracts.Count;
        db.AuditEntries.Add(new AuditEntry
        {
            At = (clock ?? TimeProvider.System).GetUtcNow(),
            Actor = Actor,
            Subject = "market",
            SubjectId = area is { } a ? a.ToString("D2", CultureInfo.InvariantCulture) : "hub",
            Action = "imported",
            Detail = result.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static int AreaOf(string pointId) => int.Parse(pointId.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture);

    private static string FactsOf(SupplyPoint p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Address}|{p.VoltageClass}|{p.ContractType}|{p.ContractAmperes}|{p.ContractCapacityKw}|{p.MeterType}|{p.RemoteReading}|{p.ReadingDay}|{p.SmartMeterReplacement}|{(p.SmartMeterReplacementDate is { } d ? DateText.Format(d) : null)}|{p.ReadingSchedule}");

    /// <summary>The file's records as the store's rows, each with its line; its faults of form.</summary>
    private sealed class Records(MarketRecords file)
    {
        public List<(int Line, Retailer Retailer)> Retailers { get; } = file.Retailers.ConvertAll(r => (r.Line, new Retailer { Code = r.Retailer.Code, Name = r.Retailer.Name }));

        public List<(int Line, SupplyPoint Point)> Points { get; } = file.Points.ConvertAll(r => (r.Line, new SupplyPoint
        {
            Id = r.Point.Id,
            Area = r.Point.Area,
            Address = r.Point.Address,
            VoltageClass = r.Point.VoltageClass,
            ContractType = r.Point.ContractType,
            ContractAmperes = r.Point.ContractAmperes,
            ContractCapacityKw = r.Point.ContractCapacityKw,
            MeterType = r.Point.MeterType,
            RemoteReading = r.Point.RemoteReading,
            ReadingDay = r.Point.ReadingDay,
            SmartMeterReplacement = r.Point.SmartMeterReplacement,
            SmartMeterReplacementDate = r.Point.SmartMeterReplacementDate,
            ReadingSchedule = r.Point.ReadingSchedule,
        }));

        public List<(int Line, ContractHolder Holder)> Holders { get; } = file.Holders.ConvertAll(r => (r.Line, new ContractHolder
        {
            SupplyPointId = r.Holder.SupplyPointId,
            RetailerCode = r.Holder.RetailerCode,
            CustomerNumber = r.Holder.CustomerNumber,
            Name = r.Holder.Name,
            NameKana = r.Holder.NameKana,
            Address = r.Holder.Address,
            Phone = r.Holder.Phone,
        }));

        public List<(int Line, WheelingContract Contract)> Contracts { get; } = file.Contracts.ConvertAll(r => (r.Line, new WheelingContract
        {
            SupplyPointId = r.Contract.SupplyPointId,
            RetailerCode = r.Contract.RetailerCode,
            StartDate = r.Contract.StartDate,
            EndDate = r.Contract.EndDate,
        }));

        public List<FormatError> Errors => file.Errors;
    }
}

/// <summary>What an import added (or, when <see cref="Errors"/> is not empty, why nothing was).</summary>
public sealed class MarketImportResult
{
    public int Retailers { get; set; }

    public int Points { get; set; }

    public int Holders { get; set; }

    public int Contracts { get; set; }

    /// <summary>Records already stored identically.</summary>
    public int Unchanged { get; set; }

    /// <summary>Records of other areas (a TSO node's import).</summary>
    public int Skipped { get; set; }

    public IReadOnlyList<FormatError> Errors { get; private init; } = [];

    public bool Accepted => Errors.Count == 0;

    public static MarketImportResult Rejected(IReadOnlyList<FormatError> errors) => new() { Errors = errors };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Retailers} retailers, {Points} supply points, {Holders} holders, {Contracts} wheeling contracts added; {Unchanged} unchanged; {Skipped} of other areas skipped");
}
