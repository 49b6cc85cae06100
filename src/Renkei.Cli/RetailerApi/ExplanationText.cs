using System.Globalization;
using System.Text;
using Renkei.Formats.Api.Metering;

namespace Renkei.Cli.RetailerApi;

/// <summary>
/// A value's explanation as text for <c>renkei retailer explain</c>: the value, each meter's rule, multiplier and
/// bounding reads, the estimate's basis or the failed check, then the versions oldest first.
/// </summary>
internal static class ExplanationText
{
    public static string Format(ValueExplanation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var text = new StringBuilder();
        var start = TimeSpan.FromMinutes((e.Slot - 1) * 30);
        var end = start + TimeSpan.FromMinutes(30);
        Line(text, $"Supply point {e.SupplyPointId}, {e.Date} slot {e.Slot} ({start:hh\\:mm}-{(end.TotalHours >= 24 ? "24:00" : end.ToString("hh\\:mm", CultureInfo.InvariantCulture))} JST), {e.Direction}");
        if (!e.Published)
        {
            Line(text, "Not published yet: nothing to explain until it is.");
            return text.ToString();
        }

        Line(text, $"Value: {Kwh(e.Kwh)}, {e.Quality}, version {e.Version}");
        if (!e.ReadsHeld)
        {
            Line(text, "The reads are no longer held (the slot has left the in-memory window): value and version from the history store.");
        }

        foreach (var m in e.Meters)
        {
            Line(text, $"Meter {m.MeterId} ×{m.Multiplier}: {m.Rule ?? "rule no longer held"}, {m.Quality}" + (m.RegisterKwh is { } r ? $", {Kwh(r)} on the register × {m.Multiplier} = {Kwh(m.Kwh)}" : string.Empty));
            foreach (var read in m.Reads)
            {
                var arrived = read.ArrivedBy is { } by ? $", arrived by {Instant(by)}" : string.Empty;
                Line(text, $"  {read.Role,-6} {Instant(read.At)}  register {read.RegisterKwh.ToString("0.0000", CultureInfo.InvariantCulture)} kWh  ({read.Source}{arrived})");
            }

            if (m.Estimation is { } basis)
            {
                Line(text, $"  {basis.Method}: slot {basis.Position} of a {basis.GapSlots}-slot gap, advance {Kwh(basis.AdvanceKwh)}" + (basis.RolledOver ? ", rolled over" : string.Empty));
            }

            if (m.FailedCheck is { } check)
            {
                Line(text, $"  failed check: {check}");
            }
        }

        if (e.Versions.Count > 0)
        {
            Line(text, "Versions:");
            foreach (var v in e.Versions)
            {
                var change = v.MeterId is null ? v.Change : $"{v.Change} of {v.MeterId}";
                Line(text, $"  {v.Version,8}  {Instant(v.At)}  {change,-24} {Kwh(v.Kwh)}, {v.Quality}");
            }
        }

        return text.ToString();
    }

    private static string Kwh(decimal? kwh) => kwh is { } k ? k.ToString("0.0000", CultureInfo.InvariantCulture) + " kWh" : "no value";

    private static string Instant(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
