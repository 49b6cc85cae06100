using System.Net;
using System.Text.RegularExpressions;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Screens;

/// <summary>
/// A fresh demo's metering node catches up yesterday at its start: the dashboard shows those slots as back-filled
/// history (their own state, legend and hint, in Japanese and English), not as late, and leaves them out of the
/// longest time to publication and out of the alerts.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed partial class DashboardBackFillTests(DemoSystem system)
{
    [Theory]
    [InlineData("ja", "起動時の遡及処理")]
    [InlineData("en", "back-filled at start")]
    public async Task Dashboard_FreshDemosYesterday_IsBackFilledNotLate(string lang, string label)
    {
        var op = system.Credentials.Operator!;
        using var session = await ScreensSession.LogInAsync(system, op.User, op.Password, lang);

        using var page = await session.Client.GetAsync("/Dashboard?Date=" + system.Credentials.Simulation.Yesterday);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var states = RowState().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(48, states.Count);
        Assert.All(states, s => Assert.Equal("back-filled", s));
        Assert.Contains("id=\"back-filled-hint\"", html, StringComparison.Ordinal);
        Assert.Contains(label, html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"v\" id=\"max-latency\">- ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-code=\"slot-at-risk\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<tr data-slot=\"\\d+\"[^>]* data-state=\"([a-z-]+)\"")]
    private static partial Regex RowState();
}
