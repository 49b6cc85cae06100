using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Browser;

/// <summary>
/// The screens in a real browser against the real system (demo host: switching, metering, the gateway over TLS,
/// the screens over TLS): a switch-in with 廃止取次 from retailer A's staff, decided OK by retailer B's staff in
/// its inbox, seen by A; B cannot open A's application by URL; the operator's dashboard shows a slot published
/// within the 60-minute bound. Each page is saved as a screenshot under <c>artifacts/screenshots/</c>.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class SwitchingScreensTests(DemoSystem system)
{
    private readonly string shots = Support.Browser.ScreenshotDirectory();

    [SkippableFact]
    public async Task SwitchInWithRelay_DecidedOkByCurrentRetailer_AppliesAndDashboardShowsSlotWithinBound()
    {
        Skip.If(Support.Browser.Executable is null, $"{Support.Browser.Variable} is not set (the browser is installed by .ci/run)");
        var (playwright, browser) = await Support.Browser.LaunchAsync(system);
        using var _ = playwright;
        await using var __ = browser;
        var a = system.Retailer(0);
        var example = a.SwitchInExample!;
        var b = system.Credentials.Retailers.Single(r => r.Code == example.CurrentRetailer);

        // Retailer A logs in and searches the supply point by site address and contract holder.
        var pageA = await NewPageAsync(browser);
        await LogInAsync(pageA, a.StaffUser!, a.StaffPassword!, "01-login");
        await pageA.GotoAsync(Url("/SupplyPoints/Search"));
        await pageA.GetByLabel("需要場所住所（一部）").FillAsync(example.Address);
        await pageA.GetByLabel("契約名義（完全一致）").FillAsync(example.HolderName);
        await pageA.Locator("#search-submit").ClickAsync();
        var hit = pageA.Locator("#search-results tr", new() { HasText = example.SupplyPointId });
        await Assertions.Expect(hit).ToHaveCountAsync(1);
        await ShotAsync(pageA, "02-search");

        // The switch-in form, opened from the hit, with the 廃止取次 to the current retailer.
        await hit.GetByRole(AriaRole.Link, new() { Name = "スイッチング開始申込" }).ClickAsync();
        await Assertions.Expect(pageA.Locator("#SupplyPointId")).ToHaveValueAsync(example.SupplyPointId);
        await Assertions.Expect(pageA.Locator("#WithRelay")).ToBeCheckedAsync();
        await pageA.GetByLabel("現小売の契約番号").FillAsync(example.ContractNumber);
        await pageA.GetByLabel("契約名義（カナ）").FillAsync(example.HolderNameKana);
        var wished = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(21);
        await pageA.GetByLabel("廃止希望日").FillAsync(wished.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await pageA.GetByLabel("新小売 担当者").FillAsync("営業部 鈴木");
        await pageA.GetByLabel("新小売 連絡先電話番号").FillAsync("03-1234-5678");
        await ShotAsync(pageA, "03-switch-in-form");
        await pageA.Locator("#switch-in-submit").ClickAsync();
        await pageA.WaitForURLAsync(new Regex("/Applications/A\\d+"));
        var number = await pageA.Locator("#application-number").InnerTextAsync();
        await Assertions.Expect(pageA.Locator("#application-status")).ToHaveAttributeAsync("data-status", "01");
        var relay = await pageA.Locator("#application-relay").InnerTextAsync();
        Assert.Matches("^C\\d+$", relay);
        await ShotAsync(pageA, "04-application-received");

        // Retailer B logs in, finds the 廃止取次 in its inbox and decides OK.
        var pageB = await NewPageAsync(browser);
        await LogInAsync(pageB, b.StaffUser!, b.StaffPassword!, null);
        await pageB.GotoAsync(Url("/Relays"));
        var card = pageB.Locator($"#relay-{relay}");
        await Assertions.Expect(card).ToContainTextAsync(example.SupplyPointId);
        await Assertions.Expect(card).ToContainTextAsync(example.ContractNumber);
        await ShotAsync(pageB, "05-relay-inbox");
        await card.GetByLabel("OK（廃止に同意）").CheckAsync();
        await card.Locator($"#decide-{relay}").ClickAsync();
        await Assertions.Expect(pageB.Locator("#decided")).ToContainTextAsync(relay);
        await ShotAsync(pageB, "06-relay-decided");

        // A sees the status change: matched with B's switch-out (05) or already completed (06).
        await pageA.ReloadAsync();
        var status = await pageA.Locator("#application-status").GetAttributeAsync("data-status");
        Assert.Contains(status, new[] { "05", "06" });
        await ShotAsync(pageA, "07-application-matched");
        await pageA.GotoAsync(Url("/Applications"));
        // The TSO node may complete the matched switch between the two pages: the list shows the same status or 06.
        await Assertions.Expect(pageA.Locator($"tr[data-number='{number}'] .badge")).ToHaveAttributeAsync("data-status", new Regex(status == "06" ? "^06$" : "^0[56]$"));
        await ShotAsync(pageA, "08-application-list");

        // B cannot open A's application by its URL: 404, as for one that does not exist.
        var other = await pageB.GotoAsync(Url($"/Applications/{number}"));
        Assert.Equal(404, other!.Status);
        await Assertions.Expect(pageB.Locator("#status-404")).ToBeVisibleAsync();
        var none = await pageB.GotoAsync(Url("/Applications/A999999999999"));
        Assert.Equal(404, none!.Status);
        await ShotAsync(pageB, "09-other-retailers-application-404");

        // A's 30-minute values of a point it supplies, yesterday: chart and table.
        var yesterday = system.Credentials.Simulation.Yesterday;
        await pageA.GotoAsync(Url($"/SupplyPoints/Intervals?id={a.SuppliesToday[0]}&Date={yesterday}"));
        await Assertions.Expect(pageA.Locator("#values tbody tr")).ToHaveCountAsync(48);
        await Assertions.Expect(pageA.Locator("#intervals-chart")).ToBeVisibleAsync();
        await ShotAsync(pageA, "10-intervals");

        // Another application form, sent empty: the API's rule messages appear at the fields.
        await pageA.GotoAsync(Url("/Applications/New?Kind=ampere-change"));
        await pageA.Locator("#application-submit").ClickAsync();
        await Assertions.Expect(pageA.Locator("#problem")).ToBeVisibleAsync();
        await Assertions.Expect(pageA.Locator(".field-error").First).ToBeVisibleAsync();
        await ShotAsync(pageA, "13-form-validation");

        // Bulk upload of a kind's file: each row answered in the result file (a row with faults answers them all).
        await pageA.GotoAsync(Url("/Bulk"));
        await pageA.GetByLabel("申込種別").SelectOptionAsync("switch-ins");
        await pageA.GetByLabel("CSVファイル").SetInputFilesAsync(new FilePayload
        {
            Name = "switch-ins.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("supply_point_id,switch_date,relay_number\n12345,2026-13-01,\n"),
        });
        await pageA.Locator("#bulk-submit").ClickAsync();
        await Assertions.Expect(pageA.Locator("#bulk-summary")).ToHaveTextAsync("受付 0 行、不受理 1 行");
        await Assertions.Expect(pageA.Locator("#bulk-result")).ToContainTextAsync("2,12345,NG,,,,CSV001 SW001");
        await Assertions.Expect(pageA.Locator("#bulk-download")).ToHaveAttributeAsync("download", "switch-ins.result.csv");
        await ShotAsync(pageA, "14-bulk-result");

        // A file that is not of the chosen kind (a switch-in file sent as move-outs) is refused whole; in English too.
        await pageA.Locator("#lang-switch").ClickAsync();
        await Assertions.Expect(pageA.Locator("h1")).ToHaveTextAsync("Bulk upload");
        await pageA.GetByLabel("Kind of application").SelectOptionAsync("move-outs");
        await pageA.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "switch-ins.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("supply_point_id,switch_date\n0300000000000000000001,2026-12-15\n"),
        });
        await pageA.Locator("#bulk-submit").ClickAsync();
        await Assertions.Expect(pageA.Locator("#problem")).ToBeVisibleAsync();
        await Assertions.Expect(pageA.Locator("#bulk-result")).ToHaveCountAsync(0);
        await ShotAsync(pageA, "14-bulk-refused-en");

        // The operator's dashboard: a slot published within the 60-minute bound.
        var op = await NewPageAsync(browser);
        await LogInAsync(op, system.Credentials.Operator!.User, system.Credentials.Operator.Password, null);
        await op.WaitForURLAsync(new Regex("/Dashboard"));
        await Assertions.Expect(op.Locator("#timeline tr[data-within-bound='true']").First).ToBeVisibleAsync();
        await Assertions.Expect(op.Locator("#timeline-chart")).ToBeVisibleAsync();
        await ShotAsync(op, "11-dashboard");

        // And in English.
        await op.Locator("#lang-switch").ClickAsync();
        await Assertions.Expect(op.Locator("h1")).ToHaveTextAsync("Operator dashboard");
        await ShotAsync(op, "12-dashboard-en");
    }

    private async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>The screens send the browser to the gateway's log-in page (code flow with PKCE); the gateway sends it back with a code.</summary>
    private async Task LogInAsync(IPage page, string user, string password, string? shot)
    {
        await page.GotoAsync(Url("/Login"));
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(system.GatewayUrl.ToString()) + "connect/authorize\\?"));
        await page.GetByLabel("ユーザー名").FillAsync(user);
        await page.GetByLabel("パスワード").FillAsync(password);
        if (shot is not null)
        {
            await ShotAsync(page, shot);
        }

        await page.Locator("#login-submit").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=who]")).ToBeVisibleAsync();
    }

    private string Url(string path) => new Uri(system.WebUrl, path).ToString();

    private Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, name + ".png"), FullPage = true });
}
