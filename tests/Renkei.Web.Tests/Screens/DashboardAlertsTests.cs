using System.Net;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Screens;

/// <summary>
/// The operator dashboard shows each node's faults as alerts, in Japanese and English: the demo's metering node runs
/// with a free-space threshold above its volume (<see cref="DemoSystem"/>), so its disk-low alert comes from the
/// real node through the gateway's operator route.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class DashboardAlertsTests(DemoSystem system)
{
    [Theory]
    [InlineData("ja", "重大: ディスク残量わずか", "受付停止中")]
    [InlineData("en", "Critical: Disk nearly full", "not ready")]
    public async Task Dashboard_ShowsTheMeteringNodesDiskAlert_InTheChosenLanguage(string lang, string title, string unready)
    {
        var op = system.Credentials.Operator!;
        using var session = await ScreensSession.LogInAsync(system, op.User, op.Password, lang);

        using var page = await session.Client.GetAsync("/Dashboard");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var alerts = html[html.IndexOf("<section id=\"alerts\">", StringComparison.Ordinal)..];
        alerts = alerts[..alerts.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("data-code=\"disk-low\" data-node=\"metering\"", alerts, StringComparison.Ordinal);
        Assert.Contains(title, alerts, StringComparison.Ordinal);
        Assert.Contains(unready, alerts, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(system.DataDirectory, "metering"), alerts, StringComparison.Ordinal);

        // The gateway's and the switching hub's routes answered: no gateway failure line above the alerts.
        Assert.DoesNotContain("alerts: HTTP", html, StringComparison.Ordinal);
    }
}
