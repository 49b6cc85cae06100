using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso.Node;

/// <summary>
/// Fills a new TSO node's store with its area's part of a switching store: the retailers, the area's supply points
/// and their wheeling contracts (same IDs and change positions), so that the TSO and the hub start from the same
/// contracts. Refused when the TSO's store already holds supply points (a TSO's store is its record; it is never
/// overwritten).
/// </summary>
public static class TsoStoreSeed
{
    /// <summary>Copies area <paramref name="area"/> from <paramref name="source"/> into <paramref name="target"/>; returns the number of supply points copied.</summary>
    public static async Task<int> CopyAreaAsync(SwitchingDbContext source, SwitchingDbContext target, int area, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (await target.SupplyPoints.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("the TSO's store already holds supply points; it is not seeded again");
        }

        var retailers = await source.Retailers.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var points = await source.SupplyPoints.AsNoTracking().Where(p => p.Area == area).ToListAsync(cancellationToken).ConfigureAwait(false);
        var contracts = await source.WheelingContracts.AsNoTracking()
            .Where(c => source.SupplyPoints.Any(p => p.Id == c.SupplyPointId && p.Area == area))
            .OrderBy(c => c.ChangeSeq)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        await using var tx = await target.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var known = await target.Retailers.Select(r => r.Code).ToListAsync(cancellationToken).ConfigureAwait(false);
        target.Retailers.AddRange(retailers.Where(r => !known.Contains(r.Code)));
        foreach (var point in points)
        {
            point.Version = 0;
        }

        target.SupplyPoints.AddRange(points);
        target.WheelingContracts.AddRange(contracts);
        target.AuditEntries.Add(new AuditEntry
        {
            At = DateTimeOffset.UtcNow,
            Actor = TsoActors.Tso,
            Subject = "tso-store",
            SubjectId = area.ToString("D2", System.Globalization.CultureInfo.InvariantCulture),
            Action = "seeded",
            Detail = $"{points.Count} supply points and {contracts.Count} wheeling contracts of area {area:D2} copied from the switching store",
        });
        await target.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (target.Database.IsNpgsql())
        {
            // Identity values were given explicitly: move the sequence past them, or the next contract collides.
            await target.Database.ExecuteSqlRawAsync(
                "SELECT setval(pg_get_serial_sequence('\"WheelingContracts\"', 'Id'), GREATEST((SELECT MAX(\"Id\") FROM \"WheelingContracts\"), 1))",
                cancellationToken).ConfigureAwait(false);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return points.Count;
    }
}
