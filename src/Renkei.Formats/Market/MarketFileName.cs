using System.Globalization;
using Renkei.Domain.Time;
using Renkei.Formats.Text;

namespace Renkei.Formats.Market;

/// <summary>
/// A market file name (MARKET.md): <c>W4</c> + <c>01</c> high / <c>11</c> low voltage + <c>10</c> one slot of the
/// current day / <c>20</c> a past day + <c>YYYYMMDDHHMM</c> + update number (2) + part number (2 high, 4 low);
/// <c>W5</c> + <c>12</c> fixed usage + <c>10</c> high / <c>20</c> low + <c>YYYYMMDD</c> (the reading day that closed
/// the month) + update (2) + part (5). For one slot, <c>HHMM</c> is the slot's start in JST; for a day, <c>0000</c>.
/// </summary>
public readonly record struct MarketFileName(MarketFileKind Kind, bool High, DateOnly Date, int? Slot, int Update, int Part)
{
    public string Kind4 => Kind switch
    {
        MarketFileKind.Slot => (High ? "01" : "11") + "10",
        MarketFileKind.Day => (High ? "01" : "11") + "20",
        _ => "12" + (High ? "10" : "20"),
    };

    public override string ToString()
    {
        if (Kind == MarketFileKind.FixedUsage)
        {
            return string.Create(CultureInfo.InvariantCulture, $"W5{Kind4}{DateText.FormatMarket(Date)}{Update:D2}{Part:D5}");
        }

        var start = Slot is { } n ? new Slot(Date, n).Start : Jst.StartOfDay(Date);
        var hhmm = Jst.ToJst(start).ToString("HHmm", CultureInfo.InvariantCulture);
        return High
            ? string.Create(CultureInfo.InvariantCulture, $"W4{Kind4}{DateText.FormatMarket(Date)}{hhmm}{Update:D2}{Part:D2}")
            : string.Create(CultureInfo.InvariantCulture, $"W4{Kind4}{DateText.FormatMarket(Date)}{hhmm}{Update:D2}{Part:D4}");
    }

    /// <summary>The file's suffix: each market file is a ZIP holding one XML document of the same base name.</summary>
    public const string ZipSuffix = ".zip";

    /// <summary>The name a retailer lists, downloads and stores: the market name and <c>.zip</c>, one name everywhere.</summary>
    public string ZipName => ToString() + ZipSuffix;

    /// <summary>Reads a ZIP name (<see cref="ZipName"/>) back; false for anything else, the bare market name included.</summary>
    public static bool TryParseZipName(string? text, out MarketFileName name)
    {
        name = default;
        return text is not null
            && text.EndsWith(ZipSuffix, StringComparison.Ordinal)
            && TryParse(text[..^ZipSuffix.Length], out name);
    }

    /// <summary>Reads a name back; false for anything that is not exactly a name this scheme makes.</summary>
    public static bool TryParse(string? text, out MarketFileName name)
    {
        name = default;
        if (text is null || text.Length < 20 || text[0] != 'W')
        {
            return false;
        }

        foreach (var c in text.AsSpan(1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var culture = CultureInfo.InvariantCulture;
        if (text[1] == '5')
        {
            if (text.Length != 21 || text[2..4] != "12" || text[4..6] is not ("10" or "20")
                || !DateText.TryParseMarket(text.AsSpan(6, 8), out var reading))
            {
                return false;
            }

            name = new MarketFileName(MarketFileKind.FixedUsage, text[4..6] == "10", reading, null, int.Parse(text.AsSpan(14, 2), culture), int.Parse(text.AsSpan(16, 5), culture));
            return name.Update > 0 && name.Part > 0 && name.ToString() == text;
        }

        if (text[1] != '4' || text[2..4] is not ("01" or "11") || text[4..6] is not ("10" or "20"))
        {
            return false;
        }

        var high = text[2..4] == "01";
        if (text.Length != (high ? 22 : 24)
            || !DateText.TryParseMarket(text.AsSpan(6, 8), out var date)
            || !int.TryParse(text.AsSpan(14, 2), NumberStyles.None, culture, out var hour)
            || !int.TryParse(text.AsSpan(16, 2), NumberStyles.None, culture, out var minute))
        {
            return false;
        }

        var update = int.Parse(text.AsSpan(18, 2), culture);
        var part = int.Parse(text.AsSpan(20), culture);
        int? slot = null;
        if (text[4..6] == "10")
        {
            if (hour > 23 || minute is not (0 or 30))
            {
                return false;
            }

            slot = (hour * 2) + (minute / 30) + 1;
        }

        name = new MarketFileName(text[4..6] == "10" ? MarketFileKind.Slot : MarketFileKind.Day, high, date, slot, update, part);
        return update > 0 && part > 0 && name.ToString() == text;
    }
}
