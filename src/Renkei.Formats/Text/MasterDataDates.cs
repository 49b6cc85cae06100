using System.Globalization;
using Renkei.Domain.Time;

namespace Renkei.Formats.Text;

/// <summary>
/// The dates master data may hold (registry installations and removals, market contracts, smart meter
/// replacements): 2000-01-01 to 2099-12-31, Japan time. Earlier dates predate every meter the market settles
/// (full retail competition began in 2016; the oldest meters still in service are from the 2000s); later ones
/// are typing errors or placeholders such as 9999-12-31, which would make every span computed from them absurd.
/// An open end is written as an empty field, never as a far date.
/// </summary>
public static class MasterDataDates
{
    public static readonly DateOnly First = new(2000, 1, 1);

    public static readonly DateOnly Last = new(2099, 12, 31);

    /// <summary>The range as the error messages state it.</summary>
    public static string Range => $"{DateText.Format(First)} to {DateText.Format(Last)}";

    public static bool Contains(DateOnly date) => date >= First && date <= Last;

    /// <summary>Whether the instant's Japan date lies in the range (the end of 2099-12-31, 2100-01-01T00:00+09:00, included).</summary>
    public static bool Contains(DateTimeOffset instant)
    {
        var jst = Jst.ToJst(instant);
        var date = DateOnly.FromDateTime(jst.DateTime);
        return Contains(date) || (date == Last.AddDays(1) && jst.TimeOfDay == TimeSpan.Zero);
    }

    /// <summary>Why <paramref name="text"/> is refused: "'…' is outside 2000-01-01 to 2099-12-31".</summary>
    public static string OutOfRange(string text) =>
        string.Create(CultureInfo.InvariantCulture, $"'{Echo.Prefix(text)}' is outside the accepted dates, {Range} (Japan time); leave an open end empty");
}
