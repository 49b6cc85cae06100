namespace Renkei.Metering.Provision;

/// <summary>
/// Formats 0.0001 kWh units as a plain decimal with exactly 4 places (<c>12.3400</c>) into a caller's buffer:
/// hand-written so that bulk output formats millions of values without allocating a string for any of them.
/// </summary>
internal static class UnitsText
{
    /// <summary>Longest text: sign, 15 digits, point, 4 decimals.</summary>
    public const int MaxLength = 24;

    public static int Format(long units, Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[MaxLength];
        var n = Format(units, bytes);
        for (var i = 0; i < n; i++)
        {
            destination[i] = (char)bytes[i];
        }

        return n;
    }

    public static int Format(long units, Span<byte> destination)
    {
        var negative = units < 0;
        var magnitude = negative ? unchecked((ulong)(-(units + 1)) + 1) : (ulong)units;
        Span<byte> digits = stackalloc byte[20];
        var count = 0;
        do
        {
            digits[count++] = (byte)('0' + (int)(magnitude % 10));
            magnitude /= 10;
        }
        while (magnitude != 0 || count < 5);

        var w = 0;
        if (negative)
        {
            destination[w++] = (byte)'-';
        }

        for (var i = count - 1; i >= 4; i--)
        {
            destination[w++] = digits[i];
        }

        destination[w++] = (byte)'.';
        for (var i = 3; i >= 0; i--)
        {
            destination[w++] = digits[i];
        }

        return w;
    }

    /// <summary>A non-negative whole number (slot, version, count) as ASCII digits.</summary>
    public static int FormatWhole(long value, Span<byte> destination)
    {
        System.Buffers.Text.Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    public static int FormatWhole(long value, Span<char> destination)
    {
        value.TryFormat(destination, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        return written;
    }
}
