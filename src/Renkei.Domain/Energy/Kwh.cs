using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Renkei.Domain.Energy;

/// <summary>
/// An exact amount of energy in kWh, fixed-point with 4 decimal places (the precision of the market's
/// public schemas), held as a count of 0.0001 kWh units. No binary floating point is ever involved.
/// </summary>
public readonly record struct Kwh : IComparable<Kwh>
{
    public const int DecimalPlaces = 4;
    public const long UnitsPerKwh = 10_000;

    private Kwh(long units) => Units = units;

    public static Kwh Zero => default;

    /// <summary>The amount in units of 0.0001 kWh.</summary>
    public long Units { get; }

    public static Kwh FromUnits(long units) => new(units);

    /// <summary>The largest amount, 922337203685477.5807 kWh.</summary>
    public static Kwh MaxValue => new(long.MaxValue);

    /// <summary>The smallest amount, -922337203685477.5808 kWh.</summary>
    public static Kwh MinValue => new(long.MinValue);

    public static Kwh FromDecimal(decimal value)
    {
        // Range first: scaling a huge decimal by 10^4 would itself overflow decimal.
        if (value > long.MaxValue / (decimal)UnitsPerKwh || value < long.MinValue / (decimal)UnitsPerKwh)
        {
            throw new DomainFormatException(
                string.Create(CultureInfo.InvariantCulture, $"{value} kWh is out of range"));
        }

        var scaled = value * UnitsPerKwh;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new DomainFormatException(
                string.Create(CultureInfo.InvariantCulture, $"{value} kWh has more than 4 decimal places"));
        }

        return new Kwh((long)scaled);
    }

    public decimal ToDecimal() => Units / (decimal)UnitsPerKwh;

    public static Kwh Parse(string? text) =>
        TryParse(text, out var value, out var error) ? value : throw new DomainFormatException(error);

    public static bool TryParse(string? text, out Kwh value, [NotNullWhen(false)] out string? error) =>
        TryParse(text.AsSpan(), out value, out error);

    /// <summary>
    /// Parses a plain decimal (<c>-?digits[.digits]</c>, invariant, at most 4 decimal places, no exponent,
    /// no thousands separator). Written by hand because it runs once per meter read on the ingest hot path;
    /// it allocates only when it fails.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Kwh value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        if (text.IsEmpty)
        {
            error = "kWh value is empty";
            return false;
        }

        var i = 0;
        var negative = false;
        if (text[0] == '-')
        {
            negative = true;
            i = 1;
        }

        // Magnitude in ulong so that the full long range, down to long.MinValue, parses; 15 significant
        // whole digits (plus 4 decimals) always fit in a ulong, the exact limit is checked at the end.
        ulong whole = 0;
        var wholeDigits = 0;
        var significantDigits = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            if (significantDigits > 0 || text[i] != '0')
            {
                if (significantDigits == 15)
                {
                    error = $"kWh value '{OutsideText.Prefix(text)}' is out of range ({MinValue} to {MaxValue})";
                    return false;
                }

                significantDigits++;
            }

            whole = (whole * 10) + (uint)(text[i] - '0');
            wholeDigits++;
        }

        ulong fraction = 0;
        var fractionDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            {
                if (fractionDigits == DecimalPlaces)
                {
                    if (text[i] != '0')
                    {
                        error = $"kWh value '{OutsideText.Prefix(text)}' has more than 4 decimal places";
                        return false;
                    }

                    continue;
                }

                fraction = (fraction * 10) + (uint)(text[i] - '0');
                fractionDigits++;
            }

            if (fractionDigits == 0)
            {
                error = $"kWh value '{OutsideText.Prefix(text)}' has no digits after the decimal point";
                return false;
            }
        }

        if (i != text.Length || wholeDigits == 0)
        {
            error = $"kWh value '{OutsideText.Prefix(text)}' is not a decimal number (expected e.g. 1234.5678)";
            return false;
        }

        for (var k = fractionDigits; k < DecimalPlaces; k++)
        {
            fraction *= 10;
        }

        var magnitude = (whole * UnitsPerKwh) + fraction;
        if (magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            error = $"kWh value '{OutsideText.Prefix(text)}' is out of range ({MinValue} to {MaxValue})";
            return false;
        }

        value = new Kwh(negative ? unchecked(-(long)magnitude) : (long)magnitude);
        error = null;
        return true;
    }

    /// <summary>Writes the value with exactly 4 decimal places, invariant culture (e.g. <c>0.1250</c>).</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        // Magnitude as ulong: Math.Abs(long.MinValue) would throw.
        var magnitude = Units < 0 ? (ulong)(-(Units + 1)) + 1 : (ulong)Units;
        var (whole, fraction) = Math.DivRem(magnitude, (ulong)UnitsPerKwh);
        var pos = 0;
        if (Units < 0)
        {
            if (destination.IsEmpty)
            {
                charsWritten = 0;
                return false;
            }

            destination[pos++] = '-';
        }

        if (!whole.TryFormat(destination[pos..], out var w, default, CultureInfo.InvariantCulture))
        {
            charsWritten = 0;
            return false;
        }

        pos += w;
        if (destination.Length < pos + 1 + DecimalPlaces)
        {
            charsWritten = 0;
            return false;
        }

        destination[pos++] = '.';
        for (var k = DecimalPlaces - 1; k >= 0; k--)
        {
            destination[pos + k] = (char)('0' + (fraction % 10));
            fraction /= 10;
        }

        charsWritten = pos + DecimalPlaces;
        return true;
    }

    public override string ToString()
    {
        Span<char> buffer = stackalloc char[32];
        TryFormat(buffer, out var n);
        return new string(buffer[..n]);
    }

    public int CompareTo(Kwh other) => Units.CompareTo(other.Units);

    public static Kwh operator +(Kwh left, Kwh right) => new(checked(left.Units + right.Units));

    public static Kwh operator -(Kwh left, Kwh right) => new(checked(left.Units - right.Units));

    public static Kwh operator -(Kwh value) => new(checked(-value.Units));

    public static Kwh operator *(Kwh value, Multiplier multiplier) => new(checked(value.Units * multiplier.Value));

    public static bool operator <(Kwh left, Kwh right) => left.Units < right.Units;

    public static bool operator >(Kwh left, Kwh right) => left.Units > right.Units;

    public static bool operator <=(Kwh left, Kwh right) => left.Units <= right.Units;

    public static bool operator >=(Kwh left, Kwh right) => left.Units >= right.Units;

    public static Kwh Add(Kwh left, Kwh right) => left + right;

    public static Kwh Subtract(Kwh left, Kwh right) => left - right;

    public static Kwh Negate(Kwh value) => -value;

    public static Kwh Multiply(Kwh value, Multiplier multiplier) => value * multiplier;
}
