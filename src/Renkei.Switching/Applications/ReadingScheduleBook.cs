using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications;

/// <summary>
/// The areas' reading schedules (検針日程) in memory, for the date rules: per area and schedule code, its reading
/// days in order. The store is the record; this copy is as of a feed position (<see cref="Version"/>, the highest
/// <c>Seq</c> of <c>ReadingScheduleDays</c>) and is read again whole when the store's position has moved (an import
/// raises it). A few thousand days (ten areas, 30 codes, two years): small enough to hold and swap whole.
/// Safe to share between threads.
/// </summary>
internal sealed class ReadingScheduleBook
{
    private volatile Snapshot current = new(-1, new Dictionary<(int, string), DateOnly[]>());

    /// <summary>The feed position the copy is of; −1 before the first read.</summary>
    public long Version => current.Version;

    /// <summary>Whether the copy is of the store's position <paramref name="storeVersion"/>.</summary>
    public bool IsCurrent(long storeVersion) => current.Version == storeVersion;

    /// <summary>Reads the schedules again when the store's position differs from the copy's.</summary>
    public async Task RefreshAsync(SwitchingDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var version = await db.ReadingScheduleDays.MaxAsync(d => (long?)d.Seq, cancellationToken).ConfigureAwait(false) ?? 0;
        if (IsCurrent(version))
        {
            return;
        }

        var days = await db.ReadingScheduleDays.AsNoTracking()
            .Select(d => new { d.Area, d.ScheduleCode, d.ReadingDate, d.Seq })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

        // Read without a transaction: a day imported meanwhile may be in the list with a position above the one read
        // first; the copy then claims the lower position and is read again next time, never the reverse.
        current = new Snapshot(
            version,
            days.Where(d => d.Seq <= version).GroupBy(d => (d.Area, d.ScheduleCode))
                .ToDictionary(g => g.Key, g => g.Select(d => d.ReadingDate).Order().ToArray()));
    }

    /// <summary>The first reading day of schedule <paramref name="code"/> of <paramref name="area"/> on or after <paramref name="from"/>; null when none is loaded.</summary>
    public DateOnly? NextReadingDay(int area, string code, DateOnly from)
    {
        if (!current.Days.TryGetValue((area, code), out var days))
        {
            return null;
        }

        var at = Array.BinarySearch(days, from);
        at = at >= 0 ? at : ~at;
        return at < days.Length ? days[at] : null;
    }

    /// <summary>Replaces the copy (tests, and a node that has just imported).</summary>
    public void Load(long version, IEnumerable<(int Area, string Code, DateOnly Day)> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        current = new Snapshot(version, days.GroupBy(d => (d.Area, d.Code)).ToDictionary(g => g.Key, g => g.Select(d => d.Day).Order().ToArray()));
    }

    private sealed record Snapshot(long Version, Dictionary<(int, string), DateOnly[]> Days);
}
