using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using Renkei.Web.Localization;

namespace Renkei.Web.Charts;

/// <summary>
/// Charts drawn on the server as SVG (no script, no chart library): a day's 30-minute values, the per-slot
/// processing timeline against the 60-minute bound, the quality mix per slot and reads per minute. Each has a
/// <c>title</c> and <c>desc</c> for screen readers; the figures are also in tables beside them.
/// </summary>
internal static class Svg
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>48 bars, one per slot, coloured by quality.</summary>
    public static IHtmlContent Intervals(IReadOnlyList<SlotValue> slots, string title)
    {
        ArgumentNullException.ThrowIfNull(slots);
        const int W = 980, H = 260, Left = 56, Bottom = 30, Top = 10;
        var max = slots.Where(s => s.Kwh is not null).Select(s => s.Kwh!.Value).DefaultIfEmpty(0m).Max();
        var scale = Nice(max);
        var plotH = H - Bottom - Top;
        var barW = (W - Left - 10) / 48.0;
        var sb = Begin(W, H, title, "intervals-chart");
        Axis(sb, Left, Top, W - 10, H - Bottom, scale, "kWh");
        foreach (var s in slots)
        {
            var x = Left + ((s.Slot - 1) * barW);
            var v = s.Kwh ?? 0m;
            var h = scale == 0 ? 0 : (double)(v / scale) * plotH;
            if (s.Kwh is null)
            {
                h = 3;
            }

            sb.Append(Inv, $"<rect class=\"q-{Enc(s.Quality)}\" x=\"{x + 1:F1}\" y=\"{H - Bottom - h:F1}\" width=\"{barW - 2:F1}\" height=\"{h:F1}\"><title>{s.Slot}: {(s.Kwh is { } k ? k.ToString("0.0000", Inv) : "-")} kWh ({Enc(s.Quality)})</title></rect>");
            if ((s.Slot - 1) % 4 == 0)
            {
                sb.Append(Inv, $"<text x=\"{x:F1}\" y=\"{H - 12}\" font-size=\"11\">{(s.Slot - 1) / 2:00}:00</text>");
            }
        }

        return End(sb);
    }

    /// <summary>
    /// The seed's "processing-time image" made live: one row per slot, minutes after the slot's end on the x axis
    /// (−5 to 70), marks for 50/90/99/100 % of reads arrived, the cutoff, compute (a bar) and publication, and the
    /// 60-minute bound as a red line.
    /// </summary>
    public static IHtmlContent Timeline(IReadOnlyList<SlotTimeline> slots, Ui ui)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(ui);
        const int Left = 60, Right = 20, RowH = 12, Top = 24, MinMin = -5, MaxMin = 70;
        const int W = 980;
        var h = Top + (slots.Count * RowH) + 30;
        double X(double minutes) => Left + ((minutes - MinMin) / (MaxMin - MinMin) * (W - Left - Right));
        var sb = Begin(W, h, ui["dash.timeline"], "timeline-chart");
        for (var m = 0; m <= MaxMin; m += 10)
        {
            sb.Append(Inv, $"<line x1=\"{X(m):F1}\" y1=\"{Top - 4}\" x2=\"{X(m):F1}\" y2=\"{h - 26}\" stroke=\"#e3e7ee\"/>");
            sb.Append(Inv, $"<text x=\"{X(m) - 6:F1}\" y=\"{h - 12}\" font-size=\"11\">{m}</text>");
        }

        sb.Append(Inv, $"<text x=\"{W - 60}\" y=\"{h - 12}\" font-size=\"11\">{Enc(ui["dash.minutes"])}</text>");
        sb.Append(Inv, $"<line id=\"bound-line\" x1=\"{X(60):F1}\" y1=\"{Top - 14}\" x2=\"{X(60):F1}\" y2=\"{h - 26}\" stroke=\"#b3261e\" stroke-width=\"2\"/>");
        sb.Append(Inv, $"<text x=\"{X(60) + 4:F1}\" y=\"{Top - 8}\" font-size=\"11\" fill=\"#b3261e\">{Enc(ui["dash.bound"])}</text>");
        for (var i = 0; i < slots.Count; i++)
        {
            var t = slots[i];
            var y = Top + (i * RowH);
            double M(DateTimeOffset at) => Math.Clamp((at - t.SlotEnd).TotalMinutes, MinMin, MaxMin);
            sb.Append(Inv, $"<text x=\"4\" y=\"{y + 9}\" font-size=\"10\">{t.Slot.Number:00} {t.SlotEnd.ToOffset(TimeSpan.FromHours(9)).AddMinutes(-30):HH:mm}</text>");
            sb.Append(Inv, $"<line x1=\"{X(0):F1}\" y1=\"{y + 6}\" x2=\"{X(t.PublishedAt is { } p ? M(p) : 0):F1}\" y2=\"{y + 6}\" stroke=\"#c9d3e3\" stroke-width=\"2\"/>");
            sb.Append(Inv, $"<circle cx=\"{X(0):F1}\" cy=\"{y + 6}\" r=\"2.5\" fill=\"#1d2330\"><title>{Enc(ui["dash.slotEnd"])}</title></circle>");
            foreach (var (at, label) in new[] { (t.Arrived50, "50%"), (t.Arrived90, "90%"), (t.Arrived99, "99%"), (t.Arrived100, "100%") })
            {
                if (at is { } a)
                {
                    sb.Append(Inv, $"<rect x=\"{X(M(a)) - 1:F1}\" y=\"{y + 2}\" width=\"2\" height=\"8\" fill=\"#2f6fb3\"><title>{label} {M(a):F1} min</title></rect>");
                }
            }

            sb.Append(Inv, $"<rect x=\"{X(M(t.Cutoff)) - 1:F1}\" y=\"{y + 1}\" width=\"2\" height=\"10\" fill=\"#9a6700\"><title>{Enc(ui["dash.cutoff"])} {M(t.Cutoff):F1} min</title></rect>");
            if (t.ComputeStart is { } cs && t.ComputeEnd is { } ce)
            {
                var w = Math.Max(2, X(M(ce)) - X(M(cs)));
                sb.Append(Inv, $"<rect x=\"{X(M(cs)):F1}\" y=\"{y + 3}\" width=\"{w:F1}\" height=\"6\" fill=\"#6b4fbb\"><title>{Enc(ui["dash.compute"])} {(ce - cs).TotalMilliseconds:F0} ms</title></rect>");
            }

            if (t.PublishedAt is { } pub)
            {
                // Back-filled history (caught up at the node's start) is grey: its lateness is not the node's doing.
                var late = (pub - t.SlotEnd).TotalMinutes > 60;
                var fill = t.BackFilled ? "#8a94a6" : late ? "#b3261e" : "#1f7a3a";
                var title = t.BackFilled ? ui["dash.published"] + " (" + ui["dash.backFilled"] + ")" : ui["dash.published"];
                sb.Append(Inv, $"<circle cx=\"{X(M(pub)):F1}\" cy=\"{y + 6}\" r=\"4\" fill=\"{fill}\"><title>{Enc(title)} {(pub - t.SlotEnd).TotalMinutes:F1} min</title></circle>");
            }
        }

        return End(sb);
    }

    /// <summary>Stacked bars per slot: actual, estimated, missing, invalid.</summary>
    public static IHtmlContent QualityMix(IReadOnlyList<SlotTimeline> slots, string title)
    {
        ArgumentNullException.ThrowIfNull(slots);
        const int W = 980, H = 180, Left = 56, Bottom = 24, Top = 8;
        var plotH = H - Bottom - Top;
        var barW = (W - Left - 10) / 48.0;
        var sb = Begin(W, H, title, "quality-chart");
        Axis(sb, Left, Top, W - 10, H - Bottom, 100, "%");
        foreach (var t in slots)
        {
            if (t.Quality is not { } q)
            {
                continue;
            }

            var total = (double)(q.Actual + q.Estimated + q.Missing + q.Invalid);
            if (total == 0)
            {
                continue;
            }

            var x = Left + ((t.Slot.Number - 1) * barW);
            var y = (double)(H - Bottom);
            foreach (var (n, cls) in new[] { (q.Actual, "actual"), (q.Estimated, "estimated"), (q.Missing, "missing"), (q.Invalid, "invalid") })
            {
                var hh = n / total * plotH;
                y -= hh;
                if (n > 0)
                {
                    sb.Append(Inv, $"<rect class=\"q-{cls}\" x=\"{x + 1:F1}\" y=\"{y:F1}\" width=\"{barW - 2:F1}\" height=\"{hh:F1}\"><title>{t.Slot.Number}: {cls} {n}</title></rect>");
                }
            }
        }

        return End(sb);
    }

    /// <summary>Reads accepted per minute.</summary>
    public static IHtmlContent PerMinute(IReadOnlyList<MinuteCount> minutes, string title)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        const int W = 980, H = 160, Left = 70, Bottom = 24, Top = 8;
        var max = minutes.Select(m => (decimal)m.Reads).DefaultIfEmpty(0).Max();
        var scale = Nice(max);
        var plotH = H - Bottom - Top;
        var barW = (W - Left - 10) / (double)Math.Max(1, minutes.Count);
        var sb = Begin(W, H, title, "reads-chart");
        Axis(sb, Left, Top, W - 10, H - Bottom, scale, string.Empty);
        for (var i = 0; i < minutes.Count; i++)
        {
            var m = minutes[i];
            var hh = scale == 0 ? 0 : (double)(m.Reads / scale) * plotH;
            var x = Left + (i * barW);
            sb.Append(Inv, $"<rect fill=\"#2f6fb3\" x=\"{x + 0.5:F1}\" y=\"{H - Bottom - hh:F1}\" width=\"{Math.Max(1, barW - 1):F1}\" height=\"{hh:F1}\"><title>{m.Minute.ToOffset(TimeSpan.FromHours(9)):HH:mm} {m.Reads}</title></rect>");
            if (i % 10 == 0)
            {
                sb.Append(Inv, $"<text x=\"{x:F1}\" y=\"{H - 8}\" font-size=\"11\">{m.Minute.ToOffset(TimeSpan.FromHours(9)):HH:mm}</text>");
            }
        }

        return End(sb);
    }

    private static StringBuilder Begin(int w, int h, string title, string id)
    {
        var sb = new StringBuilder();
        sb.Append(Inv, $"<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-title\">");
        sb.Append(Inv, $"<title id=\"{id}-title\">{Enc(title)}</title>");
        return sb;
    }

    private static HtmlString End(StringBuilder sb) => new(sb.Append("</svg>").ToString());

    private static void Axis(StringBuilder sb, int left, int top, int right, int bottom, decimal scale, string unit)
    {
        sb.Append(Inv, $"<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"#5b6475\"/>");
        sb.Append(Inv, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"#5b6475\"/>");
        for (var k = 0; k <= 4; k++)
        {
            var y = bottom - ((bottom - top) * k / 4.0);
            var v = scale * k / 4;
            sb.Append(Inv, $"<line x1=\"{left}\" y1=\"{y:F1}\" x2=\"{right}\" y2=\"{y:F1}\" stroke=\"#eef1f6\"/>");
            sb.Append(Inv, $"<text x=\"4\" y=\"{y + 4:F1}\" font-size=\"11\">{v.ToString(v < 10 ? "0.###" : "0", Inv)} {Enc(unit)}</text>");
        }
    }

    private static decimal Nice(decimal max)
    {
        if (max <= 0)
        {
            return 1;
        }

        var p = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)max)));
        foreach (var m in new[] { 1m, 2m, 2.5m, 5m, 10m })
        {
            if (m * p >= max)
            {
                return m * p;
            }
        }

        return 10 * p;
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
