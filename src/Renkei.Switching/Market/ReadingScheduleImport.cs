using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Formats.Switching;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Market;

/// <summary>
/// Loads a reading schedule file (<see cref="ReadingScheduleFile"/>, 検針日程) into a switching store. All or nothing:
/// any fault of the file means nothing is written, and every fault is listed. Accepted, in one transaction (under
/// the change feed's lock, which orders the feed positions): a day not stored yet is added, a day stored with another
/// date is moved, each at the next reading-schedule feed position; a day stored identically is left as it is (so
/// importing the same file again changes nothing). Audited as one import.
/// </summary>
public static class ReadingScheduleImport
{
    /// <summary>Imports a reading schedule file's bytes into <paramref name="db"/>.</summary>
    public static async Task<ReadingScheduleImportResult> ImportAsync(SwitchingDbContext db, ReadOnlyMemory<byte> utf8, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var file = ReadingScheduleFile.Parse(utf8.Span);
        if (file.Errors.Count > 0)
        {
            return ReadingScheduleImportResult.Rejected(file.Errors);
        }

        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.StoreLocks.Where(l => l.Name == StoreLock.ChangeFeed)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), cancellationToken)
            .ConfigureAwait(false);
        var result = new ReadingScheduleImportResult();
        var stored = new Dictionary<(int, string, string), ReadingScheduleDay>();
        foreach (var area in file.Days.Select(d => d.Day.Area).Distinct())
        {
            foreach (var day in await db.ReadingScheduleDays.Where(d => d.Area == area).ToListAsync(cancellationToken).ConfigureAwait(false))
            {
                stored[(day.Area, day.ScheduleCode, day.YearMonth)] = day;
            }
        }

        var seq = await db.ReadingScheduleDays.MaxAsync(d => (long?)d.Seq, cancellationToken).ConfigureAwait(false) ?? 0;
        foreach (var (_, line) in file.Days)
        {
            if (stored.TryGetValue((line.Area, line.ScheduleCode, line.YearMonth), out var day))
            {
                if (day.ReadingDate == line.ReadingDate)
                {
                    result.Unchanged++;
                    continue;
                }

                day.ReadingDate = line.ReadingDate;
                day.Seq = ++seq;
                result.Moved++;
                continue;
            }

            db.ReadingScheduleDays.Add(new ReadingScheduleDay
            {
                Area = line.Area,
                ScheduleCode = line.ScheduleCode,
                YearMonth = line.YearMonth,
                ReadingDate = line.ReadingDate,
                Seq = ++seq,
            });
            result.Added++;
        }

        db.AuditEntries.Add(new AuditEntry
        {
            At = (clock ?? TimeProvider.System).GetUtcNow(),
            Actor = MarketImport.Actor,
            Subject = "reading-schedule",
            SubjectId = string.Join(",", file.Days.Select(d => d.Day.Area).Distinct().Order().Select(a => a.ToString("D2", CultureInfo.InvariantCulture))),
            Action = "imported",
            Detail = result.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result;
    }
}

/// <summary>What a reading schedule import did (or, when <see cref="Errors"/> is not empty, why nothing was done).</summary>
public sealed class ReadingScheduleImportResult
{
    /// <summary>Days not stored before.</summary>
    public int Added { get; set; }

    /// <summary>Days stored with another date, now moved.</summary>
    public int Moved { get; set; }

    /// <summary>Days already stored identically.</summary>
    public int Unchanged { get; set; }

    public IReadOnlyList<FormatError> Errors { get; private init; } = [];

    public bool Accepted => Errors.Count == 0;

    public static ReadingScheduleImportResult Rejected(IReadOnlyList<FormatError> errors) => new() { Errors = errors };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Added} reading days added, {Moved} moved, {Unchanged} unchanged");
}
