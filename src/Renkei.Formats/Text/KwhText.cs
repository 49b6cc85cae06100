using System.Globalization;
using Renkei.Domain.Energy;

namespace Renkei.Formats.Text;

/// <summary>
/// The text forms of an exact kWh amount on Renkei's wires, never binary floating point, always invariant with a dot:
/// <list type="bullet">
/// <item>the shortest exact decimal (<c>0.2222</c>, <c>12</c>, <c>-0.5</c>): <see cref="Format"/>, <see cref="TryFormat(Kwh, Span{byte}, out int)"/>;</item>
/// <item>exactly 4 places, as the market's schemas and the bulk CSV write it (<c>12.3400</c>): <see cref="FormatFixed(Kwh, Span{byte})"/>,
/// hand-written so that bulk output formats millions of values without a string for any of them;</item>
/// <item>the JSON number of the public API, also exactly 4 places: <see cref="JsonNumber"/>.</item>
/// </list>
/// </summary>
public static class KwhText
{
    /// <summary>Longest fixed text: sign, 15 digits, point, 4 decimals.</summary>
    public const int MaxFixedLength = 24;

    public static string Format(Kwh value) => value.ToDecimal().ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the shortest exact decimal as UTF-8 into <paramref name="destination"/>.</summary>
    public static bool TryFormat(Kwh value, Span<byte> destination, out int written) =>
        value.ToDecimal().TryFormat(destination, out written, default, CultureInfo.InvariantCulture);

    /// <summary>Writes the shortest exact decimal into <paramref name="destination"/>.</summary>
    public static bool TryFormat(Kwh value, Span<char> destination, out int written) =>
        value.ToDecimal().TryFormat(destination, out written, default, CultureInfo.InvariantCulture);

    /// <summary>
    /// The amount as a decimal of scale 4, which a JSON writer prints with exactly 4 places (<c>12.3400</c>); every
    /// kWh value of the API goes through here.
    /// </summary>
    public static decimal JsonNumber(Kwh value) => value.Units * 0.0001m;

    /// <summary>Writes exactly 4 places (<c>12.3400</c>) into <paramref name="destination"/> (at most <see cref="MaxFixedLength"/>); returns the length.</summary>
    public static int FormatFixed(Kwh value, Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[MaxFixedLength];
        var n = FormatFixed(value, bytes);
        for (var i = 0; i < n; i++)
        {
            destination[i] = (char)bytes[i];
        }

        return n;
    }

    /// <summary>Writes exactly 4 places (<c>12.3400</c>) as UTF-8 into <paramref name="destination"/> (at most <see cref="MaxFixedLength"/>); returns the length.</summary>
    public static int FormatFixed(Kwh value, Span<byte> destination)
    {
        var units = value.Units;
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
}
