using System.Globalization;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Provision;

/// <summary>
/// What the fixed-usage files (W5) need of the revisions that left the engine's window: per slot, each revised import
/// value's supply point, whether it is high voltage, and the instant it was revised. A W5 file is re-issued under
/// the next update number for each instant its values were revised; the revision log holds only the window while a
/// reading period runs up to <see cref="Usage.UsagePeriod.MaxDays"/> days, so without this an update would drop out of
/// the listing once its revision left the window. Fed by <see cref="IntervalEngine.RevisionsForgotten"/>; appended to
/// <c>&lt;data&gt;/usage-revisions.csv</c> (<c>date,slot,supply_point,high,at</c>) and read back at start.
/// <para>
/// Bounded by what it serves: a W5 file is listed for <see cref="ListedDays"/> days after its reading day, and its
/// period starts at most <see cref="UsagePeriod.MaxDays"/> days before that day, so no listed file needs a slot
/// more than <see cref="RetentionDays"/> days old. Revisions of slots older than that before the newest slot
/// archived are dropped, and the file is rewritten without them (atomically: a new file moved over the old), at
/// most once a day as the newest slot moves on.
/// </para>
/// </summary>
internal sealed class UsageRevisionArchive
{
    public const string FileName = "usage-revisions.csv";

    /// <summary>Days after its reading day a fixed-usage file (W5) stays listed, with its updates.</summary>
    public const int ListedDays = UsagePeriod.MaxDays;

    /// <summary>Days of slots kept, back from the newest slot archived: the oldest slot a listed W5 file can hold.</summary>
    public const int RetentionDays = ListedDays + UsagePeriod.MaxDays;

    private readonly Lock gate = new();
    private readonly string path;
    private readonly Dictionary<Slot, List<ArchivedRevision>> bySlot = [];
    private readonly HashSet<ArchivedRevision> kept = [];
    private DateOnly oldest = DateOnly.MaxValue;
    private DateOnly newest = DateOnly.MinValue;

    public UsageRevisionArchive(string path)
    {
        this.path = path;
        if (!File.Exists(path))
        {
            return;
        }

        foreach (var line in File.ReadLines(path))
        {
            // A line cut short by a crash while it was appended is the only kind that does not read: it is skipped.
            var f = line.Split(',');
            if (f.Length == 5
                && DateText.TryParse(f[0], out var date)
                && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= Slot.PerDay
                && DateTimeOffset.TryParseExact(f[4], "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                Add(new ArchivedRevision(new Slot(date, number), f[2], f[3] == "1", at));
            }
        }

        PruneIfDue();
    }

    /// <summary>Revisions held (each a line of the file).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return kept.Count;
            }
        }
    }

    /// <summary>Keeps the import revisions of <paramref name="forgotten"/> (each once), appending them to the file.</summary>
    public void Keep(IReadOnlyList<Revision> forgotten, MeterRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(forgotten);
        ArgumentNullException.ThrowIfNull(registry);
        var lines = new List<string>();
        lock (gate)
        {
            foreach (var r in forgotten)
            {
                if (r.Direction != Direction.Import)
                {
                    continue;
                }

                var meter = registry[r.Ordinal];
                var archived = new ArchivedRevision(r.Slot, meter.SupplyPointId.Value, meter.VoltageClass != VoltageClass.Low, r.At);
                if (Add(archived))
                {
                    lines.Add(Line(archived));
                }
            }

            if (lines.Count > 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.AppendAllLines(path, lines);
            }

            PruneIfDue();
        }
    }

    /// <summary>The archived revisions of <paramref name="slot"/>.</summary>
    public IReadOnlyList<ArchivedRevision> In(Slot slot)
    {
        lock (gate)
        {
            return bySlot.TryGetValue(slot, out var list) ? [.. list] : [];
        }
    }

    private static string Line(ArchivedRevision a) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateText.Format(a.Slot.Date)},{a.Slot.Number},{a.SupplyPoint},{(a.High ? 1 : 0)},{a.At:O}");

    /// <summary>Drops the slots older than <see cref="RetentionDays"/> before the newest, and rewrites the file without them.</summary>
    private void PruneIfDue()
    {
        var cut = newest == DateOnly.MinValue ? DateOnly.MinValue : newest.AddDays(-RetentionDays);
        if (oldest >= cut)
        {
            return;
        }

        oldest = DateOnly.MaxValue;
        foreach (var slot in bySlot.Keys.ToList())
        {
            if (slot.Date < cut)
            {
                foreach (var a in bySlot[slot])
                {
                    kept.Remove(a);
                }

                bySlot.Remove(slot);
            }
            else if (slot.Date < oldest)
            {
                oldest = slot.Date;
            }
        }

        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new StreamWriter(file, leaveOpen: true))
            {
                foreach (var list in bySlot.Values)
                {
                    foreach (var a in list)
                    {
                        writer.Write(Line(a));
                        writer.Write('\n');
                    }
                }
            }

            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private bool Add(ArchivedRevision archived)
    {
        if (!kept.Add(archived))
        {
            return false;
        }

        if (archived.Slot.Date < oldest)
        {
            oldest = archived.Slot.Date;
        }

        if (archived.Slot.Date > newest)
        {
            newest = archived.Slot.Date;
        }

        if (!bySlot.TryGetValue(archived.Slot, out var list))
        {
            list = [];
            bySlot.Add(archived.Slot, list);
        }

        list.Add(archived);
        return true;
    }
}

/// <summary>A revised import value that left the window: its slot, supply point, whether high voltage, and when it was revised.</summary>
internal readonly record struct ArchivedRevision(Slot Slot, string SupplyPoint, bool High, DateTimeOffset At);
