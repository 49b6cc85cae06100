using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Browser;

/// <summary>
/// The operator's dashboard in a real browser against the real demo (its simulator's head-end answers the metering
/// node's re-reads): yesterday's slots each show the reads missing at the cutoff, asked for again, recovered and
/// still missing, in Japanese and in English. Screenshots under <c>artifacts/screenshots/</c>.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class RereadDashboardTests(DemoSystem system)
{
    private readonly string shots = Support.Browser.ScreenshotDirectory();

    [SkippableFact]
    public async Task Dashboard_ShowsPerSlotRereads_InJapaneseAndEnglish()
    {
        Skip.If(Support.Browser.Executable is null, $"{Support.Browser.Variable} is not set (the browser is installed by .ci/run)");
        var (playwright, browser) = await Support.Browser.LaunchAsync(system);
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ja-JP", TimezoneId = "Asia/Tokyo", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/Login"));
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(system.GatewayUrl.ToString()) + "connect/authorize\\?"));
        await page.GetByLabel("ユーザー名").FillAsync(system.Credentials.Operator!.User);
        await page.GetByLabel("パスワード").FillAsync(system.Credentials.Operator.Password);
        await page.Locator("#login-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/Dashboard"));

        // Yesterday: all 48 slots were published when the demo started, each followed by its re-read round.
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(-1);
        await page.GotoAsync(Url("/Dashboard?date=" + yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var rows = page.Locator("#rereads tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(48);
        await Assertions.Expect(page.Locator("#rereads thead")).ToContainTextAsync("締切時点の欠測");
        await Assertions.Expect(page.Locator("#rereads thead")).ToContainTextAsync("再取得要求");
        await Assertions.Expect(page.Locator("#rereads thead")).ToContainTextAsync("回復");
        await Assertions.Expect(page.Locator("#rereads thead")).ToContainTextAsync("なお欠測");

        // A read missing at the cutoff is asked for (unless it arrived first), and is either recovered or still missing.
        var missingTotal = 0;
        for (var i = 0; i < 48; i++)
        {
            var row = rows.Nth(i);
            var missing = int.Parse(await row.Locator("[data-col=missing]").InnerTextAsync(), CultureInfo.InvariantCulture);
            var requested = int.Parse(await row.Locator("[data-col=requested]").InnerTextAsync(), CultureInfo.InvariantCulture);
            var recovered = int.Parse(await row.Locator("[data-col=recovered]").InnerTextAsync(), CultureInfo.InvariantCulture);
            var still = int.Parse(await row.Locator("[data-col=still-missing]").InnerTextAsync(), CultureInfo.InvariantCulture);
            Assert.InRange(requested, 0, missing);
            Assert.Equal(missing, recovered + still);
            missingTotal += missing;
        }

        // The demo's fleet loses 5 reads in 10,000 at each boundary, and this demo loses the last meter's 10:00 read
        // every day (DemoSystem): yesterday missed at least that one.
        Assert.True(missingTotal > 0, "no read was missing at any of yesterday's cutoffs");
        await page.Locator("#rereads").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "13-dashboard-rereads.png"), FullPage = true });

        await page.Locator("#lang-switch").ClickAsync();
        await Assertions.Expect(page.Locator("#rereads thead")).ToContainTextAsync("Missing at cutoff");
        await Assertions.Expect(page.Locator("#rereads thead")).ToContainTextAsync("Re-read requested");
        await Assertions.Expect(page.Locator("#rereads thead")).ToContainTextAsync("Recovered");
        await Assertions.Expect(page.Locator("#rereads thead")).ToContainTextAsync("Still missing");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "14-dashboard-rereads-en.png"), FullPage = true });
    }

    private string Url(string path) => new Uri(system.WebUrl, path).ToString();
}
