using System.Globalization;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Ingest;

/// <summary>
/// The reads file definition: <c>meter_id,read_at,register_kwh[,direction]</c> with a header line (columns in any
/// order, <c>direction</c> optional and defaulting to <c>import</c>). Good lines become <see cref="MeterRead"/>s;
/// each bad line is reported with its number and reason and does not stop the others.
/// </summary>
public static class ReadsCsvParser
{
    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
    ];

    /// <summary>Parses the whole text; throws <see cref="ReadsFileException"/> when the header itself is unusable.</summary>
    public static List<MeterRead> Parse(TextReader reader, MeterRegistry registry, List<RejectedRead> rejected)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(rejected);
        var header = reader.ReadLine() ?? throw new ReadsFileException("the reads file is empty; expected the header meter_id,read_at,register_kwh[,direction]");
        var columns = header.Trim().TrimStart('\uFEFF').Split(',');
        int meterCol = -1, atCol = -1, kwhCol = -1, dirCol = -1;
        for (var i = 0; i < columns.Length; i++)
        {
            ref var col = ref meterCol;
            switch (columns[i].Trim())
            {
                case "meter_id": col = ref meterCol; break;
                case "read_at": col = ref atCol; break;
                case "register_kwh": col = ref kwhCol; break;
                case "direction": col = ref dirCol; break;
                default:
                    throw new ReadsFileException($"line 1: unknown column '{columns[i]}'; expected meter_id,read_at,register_kwh[,direction]");
            }

            if (col >= 0)
            {
                throw new ReadsFileException($"line 1: column '{columns[i].Trim()}' appears twice");
            }

            col = i;
        }

        if (meterCol < 0 || atCol < 0 || kwhCol < 0)
        {
            throw new ReadsFileException("line 1: the header must name meter_id, read_at and register_kwh (direction is optional)");
        }

        var reads = new List<MeterRead>();
        var lineNumber = 1;
        Span<Range> fields = stackalloc Range[8];
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var span = line.AsSpan();

            // Counted apart from Split, which stops at the size of its destination.
            var count = span.Count(',') + 1;
            if (count != columns.Length)
            {
                rejected.Add(new RejectedRead(lineNumber, string.Create(CultureInfo.InvariantCulture, $"expected {columns.Length} fields, found {count}")));
                continue;
            }

            span.Split(fields, ',');

            var meterId = span[fields[meterCol]];
            if (!registry.TryGetOrdinal(meterId, out var ordinal))
            {
                rejected.Add(new RejectedRead(lineNumber, $"unknown meter '{meterId}'"));
                continue;
            }

            var at = span[fields[atCol]];

            // AssumeUniversal: the 'Z' format matches a literal, so without it "…Z" would be read in the host's
            // local time zone. Formats with zzz carry their own offset, which wins.
            if (!DateTimeOffset.TryParseExact(at, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                rejected.Add(new RejectedRead(lineNumber, $"read_at '{at}' is not an ISO 8601 date-time with offset"));
                continue;
            }

            if (!Slot.IsBoundary(instant))
            {
                rejected.Add(new RejectedRead(lineNumber, $"read_at '{at}' is not on a 30-minute boundary"));
                continue;
            }

            if (!Kwh.TryParse(span[fields[kwhCol]], out var register, out var kwhError))
            {
                rejected.Add(new RejectedRead(lineNumber, "register_kwh: " + kwhError));
                continue;
            }

            var direction = Direction.Import;
            if (dirCol >= 0)
            {
                var d = span[fields[dirCol]];
                if (d.SequenceEqual("export"))
                {
                    direction = Direction.Export;
                }
                else if (!d.IsEmpty && !d.SequenceEqual("import"))
                {
                    rejected.Add(new RejectedRead(lineNumber, $"direction '{d}' must be import or export"));
                    continue;
                }
            }

            reads.Add(new MeterRead(lineNumber, ordinal, instant.UtcTicks, register.Units, direction));
        }

        return reads;
    }
}
