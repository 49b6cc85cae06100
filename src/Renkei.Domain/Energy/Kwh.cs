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

    public static Kwh FromDecimal(decimal value)
    {
        var scaled = value * UnitsPerKwh;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new DomainFormatException(
                string.Create(CultureInfo.InvariantCulture, $"{value} kWh has more than 4 decimal places"));
        }

        if (scaled is > long.MaxValue or < long.MinValue)
        {
            throw new DomainFormatException(
                string.Create(CultureInfo.InvariantCulture, $"{value} kWh is out of range"));
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

        long whole = 0;
        var wholeDigits = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            if (wholeDigits >= 14)
            {
                error = $"kWh value '{text}' is too large";
                return false;
            }

            whole = (whole * 10) + (text[i] - '0');
            wholeDigits++;
        }

        long fraction = 0;
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
                        error = $"kWh value '{text}' has more than 4 decimal places";
                        return false;
                    }

                    continue;
                }

                fraction = (fraction * 10) + (text[i] - '0');
                fractionDigits++;
            }

            if (fractionDigits == 0)
            {
                error = $"kWh value '{text}' has no digits after the decimal point";
                return false;
            }
        }

        if (i != text.Length || wholeDigits == 0)
        {
            error = $"kWh value '{text}' is not a decimal number (expected e.g. 1234.5678)";
            return false;
        }

        for (var k = fractionDigits; k < DecimalPlaces; k++)
        {
            fraction *= 10;
        }

        var units = (whole * UnitsPerKwh) + fraction;
        value = new Kwh(negative ? -units : units);
        error = null;
        return true;
    }

    /// <summary>Writes the value with exactly 4 decimal places, invariant culture (e.g. <c>0.1250</c>).</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        var whole = Math.DivRem(Math.Abs(Units), UnitsPerKwh, out var fraction);
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
