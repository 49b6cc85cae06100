using System.Globalization;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Text;

namespace Renkei.Formats.Reads;

/// <summary>
/// Streams a reads file (<see cref="ReadsCsvParser"/> describes it) in batches, constant memory for any file size.
/// </summary>
public sealed class ReadsCsvReader
{
    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
    ];

    private readonly TextReader reader;
    private readonly IMeterOrdinals registry;
    private readonly int columnCount;
    private readonly int meterCol;
    private readonly int atCol;
    private readonly int kwhCol;
    private readonly int dirCol;
    private int lineNumber = 1;

    // Reads come in runs stamped with the same instant (one boundary, many meters): parse each distinct
    // read_at text once and reuse it while the text repeats.
    private string lastAt = string.Empty;
    private DateTimeOffset lastInstant;

    /// <summary>Reads and checks the header; throws <see cref="ReadsFileException"/> when it is unusable.</summary>
    public ReadsCsvReader(TextReader reader, IMeterOrdinals registry)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(registry);
        this.reader = reader;
        this.registry = registry;
        var header = reader.ReadLine() ?? throw new ReadsFileException("the reads file is empty; expected the header meter_id,read_at,register_kwh[,direction]");
        var columns = header.Trim().TrimStart('\uFEFF').Split(',');
        meterCol = atCol = kwhCol = dirCol = -1;
        for (var i = 0; i < columns.Length; i++)
        {
            switch (columns[i].Trim())
            {
                case "meter_id" when meterCol < 0: meterCol = i; break;
                case "read_at" when atCol < 0: atCol = i; break;
                case "register_kwh" when kwhCol < 0: kwhCol = i; break;
                case "direction" when dirCol < 0: dirCol = i; break;
                default:
                    throw new ReadsFileException($"line 1: unknown or repeated column '{Echo.Prefix(columns[i])}'; expected meter_id,read_at,register_kwh[,direction]");
            }
        }

        if (meterCol < 0 || atCol < 0 || kwhCol < 0)
        {
            throw new ReadsFileException("line 1: the header must name meter_id, read_at and register_kwh (direction is optional)");
        }

        columnCount = columns.Length;
    }

    /// <summary>Parses up to <paramref name="max"/> more lines; returns how many lines were consumed (0 at the end).</summary>
    public int ReadBatch(List<MeterRead> reads, List<RejectedRead> rejected, int max)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(rejected);
        var consumed = 0;
        Span<Range> fields = stackalloc Range[8];
        while (consumed < max && reader.ReadLine() is { } line)
        {
            consumed++;
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var span = line.AsSpan();
            if (span[^1] == '\r')
            {
                span = span[..^1];
            }

            var count = span.Split(fields, ',');

            // The optional direction may be left off a line when it is the last column (the line is an import).
            var directionLeftOff = count == columnCount - 1 && dirCol == columnCount - 1;
            if (count != columnCount && !directionLeftOff)
            {
                rejected.Add(new RejectedRead(lineNumber, string.Create(CultureInfo.InvariantCulture, $"expected {columnCount} fields, found {span.Count(',') + 1}")));
                continue;
            }

            var meterId = span[fields[meterCol]];
            if (!registry.TryGetOrdinal(meterId, out var ordinal))
            {
                rejected.Add(new RejectedRead(lineNumber, $"unknown meter '{Echo.Prefix(meterId)}'"));
                continue;
            }

            var at = span[fields[atCol]];
            DateTimeOffset instant;
            if (at.SequenceEqual(lastAt))
            {
                instant = lastInstant;
            }
            else
            {
                if (!DateTimeOffset.TryParseExact(at, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out instant))
                {
                    rejected.Add(new RejectedRead(lineNumber, $"read_at '{Echo.Prefix(at)}' is not an ISO 8601 date-time with offset"));
                    continue;
                }

                if (!Slot.IsBoundary(instant))
                {
                    rejected.Add(new RejectedRead(lineNumber, $"read_at '{Echo.Prefix(at)}' is not on a 30-minute boundary"));
                    continue;
                }

                lastAt = at.ToString();
                lastInstant = instant;
            }

            if (!Kwh.TryParse(span[fields[kwhCol]], out var register, out var kwhError))
            {
                rejected.Add(new RejectedRead(lineNumber, "register_kwh: " + kwhError));
                continue;
            }

            var direction = Direction.Import;
            if (dirCol >= 0 && !directionLeftOff)
            {
                var d = span[fields[dirCol]];
                if (d.SequenceEqual("export"))
                {
                    direction = Direction.Export;
                }
                else if (!d.IsEmpty && !d.SequenceEqual("import"))
                {
                    rejected.Add(new RejectedRead(lineNumber, $"direction '{Echo.Prefix(d)}' must be import or export"));
                    continue;
                }
            }

            reads.Add(new MeterRead(lineNumber, ordinal, instant.UtcTicks, register.Units, direction));
        }

        return consumed;
    }
}
