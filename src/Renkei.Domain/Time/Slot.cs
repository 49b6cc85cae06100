using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Renkei.Domain.Time;

/// <summary>
/// コマ: one of the 48 half-hour slots of a JST day. Slot 1 is 00:00–00:30, slot 48 is 23:30–24:00.
/// A register read stamped at a slot's end closes that slot: 00:30 closes slot 1, and 00:00 closes
/// slot 48 of the previous day.
/// </summary>
public readonly record struct Slot : IComparable<Slot>
{
    public const int PerDay = 48;
    public const long TicksPerSlot = 30 * TimeSpan.TicksPerMinute;
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(30);

    /// <summary>A slot of a day; also how a slot is read back from JSON (its <c>date</c> and <c>number</c>).</summary>
    [JsonConstructor]
    public Slot(DateOnly date, int number)
    {
        if (number is < 1 or > PerDay)
        {
            throw new ArgumentOutOfRangeException(
                nameof(number),
                number,
                "slot number must be between 1 and 48");
        }

        Date = date;
        Number = number;
    }

    /// <summary>The JST date the slot belongs to.</summary>
    public DateOnly Date { get; }

    /// <summary>1 to 48.</summary>
    public int Number { get; }

    /// <summary>A dense index (days since 0001-01-01 × 48 + number − 1), for arrays and ordering.</summary>
    public long Index => ((long)Date.DayNumber * PerDay) + Number - 1;

    /// <summary>The slot's start, with the +09:00 offset.</summary>
    public DateTimeOffset Start => Jst.StartOfDay(Date).AddTicks((Number - 1) * TicksPerSlot);

    /// <summary>The slot's end (the instant of the read that closes it), with the +09:00 offset.</summary>
    public DateTimeOffset End => Start.AddTicks(TicksPerSlot);

    public Slot Next() => Number == PerDay ? new Slot(Date.AddDays(1), 1) : new Slot(Date, Number + 1);

    public Slot Previous() => Number == 1 ? new Slot(Date.AddDays(-1), PerDay) : new Slot(Date, Number - 1);

    public static Slot FromIndex(long index)
    {
        var day = (int)Math.DivRem(index, PerDay, out var rem);
        return new Slot(DateOnly.FromDayNumber(day), (int)rem + 1);
    }

    /// <summary>The slot whose half-open interval [start, end) contains <paramref name="instant"/>.</summary>
    public static Slot Containing(DateTimeOffset instant)
    {
        var local = instant.ToOffset(Jst.Offset).DateTime;
        var number = (int)(local.TimeOfDay.Ticks / TicksPerSlot) + 1;
        return new Slot(DateOnly.FromDateTime(local), number);
    }

    /// <summary>True when <paramref name="instant"/> falls exactly on a 30-minute boundary.</summary>
    public static bool IsBoundary(DateTimeOffset instant) => instant.UtcTicks % TicksPerSlot == 0;

    /// <summary>The slot that ends at the boundary <paramref name="instant"/>.</summary>
    public static Slot EndingAt(DateTimeOffset instant) =>
        TryEndingAt(instant, out var slot, out var error) ? slot : throw new DomainFormatException(error);

    public static bool TryEndingAt(DateTimeOffset instant, out Slot slot, [NotNullWhen(false)] out string? error)
    {
        if (!IsBoundary(instant))
        {
            slot = default;
            error = string.Create(
                CultureInfo.InvariantCulture,
                $"instant {instant:yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz} is not on a 30-minute boundary");
            return false;
        }

        slot = Containing(instant.AddTicks(-1));
        error = null;
        return true;
    }

    /// <summary>
    /// Parses an ISO 8601 instant with an explicit offset (e.g. <c>2026-04-01T00:30:00+09:00</c>) as the end
    /// of a slot: that example is the end of slot 1 of 2026-04-01.
    /// </summary>
    public static Slot ParseEnd(string text) =>
        TryParseEnd(text, out var slot, out var error) ? slot : throw new DomainFormatException(error);

    public static bool TryParseEnd(string? text, out Slot slot, [NotNullWhen(false)] out string? error)
    {
        slot = default;
        if (!TryParseInstant(text, out var instant, out error))
        {
            return false;
        }

        return TryEndingAt(instant, out slot, out error);
    }

    /// <summary>Parses an ISO 8601 date-time that must carry an offset (Z or ±hh:mm).</summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant, [NotNullWhen(false)] out string? error)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "instant is empty; expected ISO 8601 with an offset, e.g. 2026-04-01T00:30:00+09:00";
            return false;
        }

        if (!HasExplicitOffset(text))
        {
            error = $"instant '{OutsideText.Prefix(text)}' has no UTC offset; expected e.g. 2026-04-01T00:30:00+09:00";
            return false;
        }

        if (!DateTimeOffset.TryParseExact(
                text,
                ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"],
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out instant))
        {
            error = $"instant '{OutsideText.Prefix(text)}' is not an ISO 8601 date-time; expected e.g. 2026-04-01T00:30:00+09:00";
            return false;
        }

        error = null;
        return true;
    }

    private static bool HasExplicitOffset(string text)
    {
        if (text.EndsWith('Z'))
        {
            return true;
        }

        var t = text.IndexOf('T', StringComparison.Ordinal);
        return t >= 0 && text.AsSpan(t).IndexOfAny('+', '-') >= 0;
    }

    public int CompareTo(Slot other) => Index.CompareTo(other.Index);

    public static bool operator <(Slot left, Slot right) => left.Index < right.Index;

    public static bool operator >(Slot left, Slot right) => left.Index > right.Index;

    public static bool operator <=(Slot left, Slot right) => left.Index <= right.Index;

    public static bool operator >=(Slot left, Slot right) => left.Index >= right.Index;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Date:yyyy-MM-dd} slot {Number}");
}
