namespace Renkei.Formats.Reads;

/// <summary>
/// The reads file definition: <c>meter_id,read_at,register_kwh[,direction]</c> with a header line (columns in any
/// order, <c>direction</c> optional and defaulting to <c>import</c>). Good lines become <see cref="MeterRead"/>s;
/// each bad line is reported with its number and reason and does not stop the others.
/// </summary>
public static class ReadsCsvParser
{
    /// <summary>Parses the whole text; throws <see cref="ReadsFileException"/> when the header itself is unusable.</summary>
    public static List<MeterRead> Parse(TextReader reader, IMeterOrdinals registry, List<RejectedRead> rejected)
    {
        var reads = new List<MeterRead>();
        var csv = new ReadsCsvReader(reader, registry);
        while (csv.ReadBatch(reads, rejected, int.MaxValue) > 0)
        {
        }

        return reads;
    }
}
