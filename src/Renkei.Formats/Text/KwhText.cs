using System.Globalization;
using Renkei.Domain.Energy;

namespace Renkei.Formats.Text;

/// <summary>
/// The text form of an exact kWh amount on Renkei's wires: invariant, a dot, the shortest exact decimal
/// (<c>0.2222</c>, <c>12</c>, <c>-0.5</c>), never binary floating point.
/// </summary>
public static class KwhText
{
    public static string Format(Kwh value) => value.ToDecimal().ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the amount as UTF-8 into <paramref name="destination"/>.</summary>
    public static bool TryFormat(Kwh value, Span<byte> destination, out int written) =>
        value.ToDecimal().TryFormat(destination, out written, default, CultureInfo.InvariantCulture);

    /// <summary>Writes the amount into <paramref name="destination"/>.</summary>
    public static bool TryFormat(Kwh value, Span<char> destination, out int written) =>
        value.ToDecimal().TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
}
