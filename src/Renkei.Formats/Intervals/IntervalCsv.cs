using System.Buffers.Text;
using Renkei.Domain.Energy;
using Renkei.Formats.Registry;
using Renkei.Formats.Text;

namespace Renkei.Formats.Intervals;

/// <summary>
/// The CSV form of 30-minute energy (<c>text/csv</c>, UTF-8, <c>\n</c> line ends, a header line): its column names and
/// the bytes of one row, formatted straight into a caller's span, nothing allocated. All fields are digits, dates, or
/// fixed words, so none needs quoting.
/// </summary>
public static class IntervalCsv
{
    /// <summary>The longest line: 22 + 4 + 10 + 2 + 24 + 9 + 20 + 7 month + separators, rounded up.</summary>
    public const int MaxLine = 160;

    private static readonly byte[][] QualityNames = [[.. "actual"u8], [.. "estimated"u8], [.. "missing"u8], [.. "invalid"u8]];

    /// <summary>The header of a slot or day document.</summary>
    public static ReadOnlySpan<byte> IntervalsHeader => "supply_point_id,voltage,date,slot,kwh,quality,version\n"u8;

    /// <summary>The header of a fixed-usage (確定使用量) document.</summary>
    public static ReadOnlySpan<byte> UsageHeader => "supply_point_id,voltage,month,date,slot,kwh,quality,version\n"u8;

    /// <summary>
    /// Writes one row into <paramref name="span"/> (at least <see cref="MaxLine"/> bytes) and returns its length;
    /// <paramref name="monthField"/> is empty in an intervals document.
    /// </summary>
    public static int FormatLine(
        Span<byte> span, string supplyPoint, VoltageClass voltage, ReadOnlySpan<byte> monthField, ReadOnlySpan<byte> dateField,
        int slot, Kwh? energy, Quality quality, long version)
    {
        ArgumentNullException.ThrowIfNull(supplyPoint);
        var w = 0;
        foreach (var c in supplyPoint)
        {
            span[w++] = (byte)c;
        }

        span[w++] = (byte)',';
        (voltage == VoltageClass.Low ? "low"u8 : "high"u8).CopyTo(span[w..]);
        w += voltage == VoltageClass.Low ? 3 : 4;
        span[w++] = (byte)',';
        if (!monthField.IsEmpty)
        {
            monthField.CopyTo(span[w..]);
            w += monthField.Length;
            span[w++] = (byte)',';
        }

        dateField.CopyTo(span[w..]);
        w += dateField.Length;
        span[w++] = (byte)',';
        w += Whole(slot, span[w..]);
        span[w++] = (byte)',';
        if (energy is { } e)
        {
            w += KwhText.FormatFixed(e, span[w..]);
        }

        span[w++] = (byte)',';
        var q = QualityNames[(int)quality];
        q.CopyTo(span[w..]);
        w += q.Length;
        span[w++] = (byte)',';
        w += Whole(version, span[w..]);
        span[w++] = (byte)'\n';
        return w;
    }

    private static int Whole(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }
}
