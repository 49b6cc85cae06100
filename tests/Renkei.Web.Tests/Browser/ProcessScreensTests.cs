using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Browser;

/// <summary>
/// A screen for every process, in a real browser against the real system (demo host: switching, metering, the TSO
/// nodes, the gateway and the screens over TLS), each in Japanese and English: withdrawal of a 廃止取次 and of an
/// application from its status page; move-out, ampere change and customer details with the market's items, and a
/// move-in whose items all pass; the consent password and the usage values it opens; the market files and fixed
/// usage; the notification queue. Each page is saved under <c>artifacts/screenshots/</c> for the README's tour.
/// Retailers R0001 and R0002 work on points no other test of the collection writes to (their points other than any
/// retailer's switch-in example).
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ProcessScreensTests(DemoSystem system)
{
    private readonly ScreenPages pages = new(system);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The points retailer <paramref name="index"/> supplies that are no retailer's switch-in example.</summary>
    private IReadOnlyList<string> FreePoints(int index)
    {
        var examples = system.Credentials.Retailers.Select(r => r.SwitchInExample?.SupplyPointId).ToHashSet();
        return [.. system.Retailer(index).SuppliesToday.Where(p => !examples.Contains(p))];
    }

    private async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        Skip.If(Support.Browser.Executable is null, $"{Support.Browser.Variable} is not set (the browser is installed by .ci/run)");
        return await Support.Browser.LaunchAsync(system);
    }

    [SkippableFact]
    public async Task Withdrawal_OfRelayAndOfApplication_FromTheStatusPage()
    {
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var b = system.Retailer(1);
        var example = b.SwitchInExample!;
        var page = await pages.LogInAsync(browser, b.StaffUser!, b.StaffPassword!);

        // A switch-in with its 廃止取次, then the 廃止取次 withdrawn from the application's status page: both end (07, 08).
        await page.GotoAsync(pages.Url($"/Applications/SwitchIn?point={example.SupplyPointId}&address={Uri.EscapeDataString(example.Address)}&holder={Uri.EscapeDataString(example.HolderName)}"));
        await page.GetByLabel("現小売の契約番号").FillAsync(example.ContractNumber);
        await page.GetByLabel("契約名義（カナ）").FillAsync(example.HolderNameKana);
        await page.GetByLabel("廃止希望日").FillAsync(Day(Today.AddDays(21)));
        await page.GetByLabel("新小売 担当者").FillAsync("営業部 佐藤");
        await page.GetByLabel("新小売 連絡先電話番号").FillAsync("03-2222-3333");
        await page.Locator("#switch-in-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/Applications/A\\d+"));
        await Assertions.Expect(page.Locator("#relay-status")).ToHaveAttributeAsync("data-status", "01");
        await Assertions.Expect(page.Locator("#withdraw")).ToBeVisibleAsync();
        await pages.ShotAsync(page, "15-application-actions");
        await page.Locator("#withdraw-relay").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("廃止取次を取り下げました（スイッチング開始申込も取り下げ）。");
        await Assertions.Expect(page.Locator("#relay-status")).ToHaveAttributeAsync("data-status", "07");
        await Assertions.Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", "08");
        await Assertions.Expect(page.Locator("#withdraw")).ToHaveCountAsync(0);
        await pages.ShotAsync(page, "16-relay-withdrawn");

        // In English: a switch-in without a 廃止取次 on the same point, withdrawn (08) from its status page.
        await ScreenPages.SwitchLanguageAsync(page, "en");
        await page.GotoAsync(pages.Url("/Applications/SwitchIn"));
        await page.GetByLabel("Supply point ID (22 digits)").FillAsync(example.SupplyPointId);
        await page.Locator("#switch-in-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/Applications/A\\d+"));
        await Assertions.Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", "01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw the application" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync("The application was withdrawn.");
        await Assertions.Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", "08");
        await Assertions.Expect(page.Locator("#history")).ToContainTextAsync("withdrawn");
        await pages.ShotAsync(page, "17-application-withdrawn-en");
    }

    [SkippableFact]
    public async Task Applications_WithTheMarketsItems_StoredAndShownOnTheStatusPage()
    {
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var a = system.Retailer(0);
        var points = FreePoints(0);
        var page = await pages.LogInAsync(browser, a.StaffUser!, a.StaffPassword!);

        // Move-out (廃止・撤去) with its reason, site visit and applicant: accepted, its items on the status page.
        await page.GotoAsync(pages.Url("/Applications/New?Kind=move-out"));
        await page.GetByLabel("供給地点特定番号（22桁）").FillAsync(points[0]);
        await page.GetByLabel("接続廃止予定日").FillAsync(Day(Today.AddDays(30)));
        await page.GetByLabel("廃止理由（01 転居・02 建物解体・03 空家・04 契約種別変更・99 その他）").SelectOptionAsync("01");
        await page.Locator("[id='content.siteVisit.possible']").SelectOptionAsync("false");
        await page.Locator("[id='content.applicant.kind']").SelectOptionAsync("2");
        await page.Locator("[id='content.applicant.name']").FillAsync("営業部 鈴木");
        await page.Locator("[id='content.applicant.phone.areaCode']").FillAsync("03");
        await page.Locator("[id='content.applicant.phone.localCode']").FillAsync("1234");
        await page.Locator("[id='content.applicant.phone.subscriber']").FillAsync("5678");
        await pages.ShotAsync(page, "18-move-out-form");
        await page.Locator("#application-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/Applications/A\\d+"));
        await Assertions.Expect(page.Locator("#content tr[data-item='moveOutReason'] td")).ToHaveTextAsync("01");
        await Assertions.Expect(page.Locator("#content tr[data-item='applicant.name'] td")).ToHaveTextAsync("営業部 鈴木");
        await Assertions.Expect(page.Locator("#content tr[data-item='applicant.phone.localCode'] td")).ToHaveTextAsync("1234");
        await Assertions.Expect(page.Locator("#content tr[data-item='siteVisit.possible'] td")).ToHaveTextAsync("false");
        await pages.ShotAsync(page, "19-move-out-received");

        // Ampere change with a site visit: accepted, waiting for its date, the current and the visit on the status page.
        await page.GotoAsync(pages.Url("/Applications/New?Kind=ampere-change"));
        await page.GetByLabel("供給地点特定番号（22桁）").FillAsync(points[1]);
        await page.GetByLabel("契約電流希望（A）").SelectOptionAsync("40");
        await page.GetByLabel("契約変更予定年月日").FillAsync(Day(Today.AddDays(14)));
        await page.Locator("[id='content.siteVisit.possible']").SelectOptionAsync("true");
        await page.Locator("[id='content.siteVisit.date']").FillAsync(Day(Today.AddDays(10)));
        await page.Locator("[id='content.siteVisit.time']").SelectOptionAsync("1");
        await page.Locator("[id='content.siteVisit.person']").FillAsync("山田 太郎");
        await page.Locator("#application-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/Applications/A\\d+"));
        await Assertions.Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", "01");
        await Assertions.Expect(page.Locator("#content tr[data-item='siteVisit.person'] td")).ToHaveTextAsync("山田 太郎");
        await Assertions.Expect(page.Locator("#content tr[data-item='siteVisit.date'] td")).ToHaveTextAsync(Day(Today.AddDays(10)));
        await Assertions.Expect(page.Locator("#application")).ToContainTextAsync("40");
        await pages.ShotAsync(page, "20-ampere-change-received");

        // A move-in (再点) with every item of the market: on a supplied point only the point is refused (SW014, take a
        // switch-in); none of the items is, so they reached the API whole. (Not the moved-out point: its contract
        // has an end date now, so only the start date before it would be refused.)
        await page.GotoAsync(pages.Url("/Applications/New?Kind=move-in"));
        await page.GetByLabel("供給地点特定番号（22桁）").FillAsync(points[1]);
        await page.GetByLabel("接続開始予定日").FillAsync(Day(Today.AddDays(7)));
        await page.Locator("[id='content.moveInTime']").SelectOptionAsync("1");
        await page.Locator("[id='content.serviceMenu']").SelectOptionAsync("01");
        await page.Locator("[id='content.contractDecisionMethod']").SelectOptionAsync("1");
        await page.Locator("[id='content.desiredAmperes']").SelectOptionAsync("30");
        await page.Locator("[id='content.readingDay']").SelectOptionAsync("1");
        await page.Locator("[id='content.tariffConsent']").CheckAsync();
        await page.Locator("[id='content.siteVisit.possible']").SelectOptionAsync("true");
        await page.Locator("[id='content.siteVisit.date']").FillAsync(Day(Today.AddDays(7)));
        await page.Locator("[id='content.siteVisit.time']").SelectOptionAsync("2");
        await page.Locator("[id='content.siteVisit.person']").FillAsync("高橋 一郎");
        await page.Locator("[id='content.customer.name']").FillAsync("高橋 一郎");
        await page.Locator("[id='content.customer.nameKana']").FillAsync("タカハシ　イチロウ");
        await page.Locator("[id='content.customer.postalCode']").FillAsync("100-0005");
        await page.Locator("[id='content.customer.address']").FillAsync("東京都千代田区丸の内1-1");
        await page.Locator("[id='content.customer.phone.areaCode']").FillAsync("03");
        await page.Locator("[id='content.customer.phone.localCode']").FillAsync("5555");
        await page.Locator("[id='content.customer.phone.subscriber']").FillAsync("0000");
        await page.Locator("[id='content.applicant.kind']").SelectOptionAsync("1");
        await page.Locator("[id='content.applicant.name']").FillAsync("高橋 一郎");
        await page.Locator("#application-submit").ClickAsync();
        await Assertions.Expect(page.Locator("#problem")).ToBeVisibleAsync();
        await pages.ShotAsync(page, "21-move-in-form");
        await Assertions.Expect(page.Locator("#problem li[data-field='supplyPointId']").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#problem li[data-field^='content']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#err-supplyPointId").First).ToContainTextAsync("スイッチング開始申込");

        // In English: customer details (IF_10810) with the applicant, accepted.
        await ScreenPages.SwitchLanguageAsync(page, "en");
        await page.GotoAsync(pages.Url("/Applications/New?Kind=customer-details"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Customer details (IF_10810)");
        await page.GetByLabel("Supply point ID (22 digits)").FillAsync(points[1]);
        await page.GetByLabel("Customer number required").FillAsync("123456789");
        await page.GetByLabel("Name required", new() { Exact = true }).FillAsync("山田 花子");
        await page.GetByLabel("Name (kana) optional").FillAsync("ヤマダ　ハナコ");
        await page.GetByLabel("Postal code optional").FillAsync("100-0005");
        await page.GetByLabel("Address required", new() { Exact = true }).FillAsync("東京都千代田区丸の内1-2");
        await page.GetByLabel("Phone optional", new() { Exact = true }).FillAsync("0312345678");
        await page.Locator("[id='content.applicant.kind']").SelectOptionAsync("1");
        await page.Locator("[id='content.applicant.name']").FillAsync("山田 花子");
        await pages.ShotAsync(page, "22-customer-details-form-en");
        await page.Locator("#application-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/Applications/A\\d+"));
        await Assertions.Expect(page.Locator("#content tr[data-item='applicant.name'] th")).ToHaveTextAsync("Applicant's name");
        await Assertions.Expect(page.Locator("#content")).ToContainTextAsync("山田 花子");
        await pages.ShotAsync(page, "22-customer-details-en");
    }

    [SkippableFact]
    public async Task ConsentPassword_IssuedByCurrentRetailer_OpensUsageValuesToAnother()
    {
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var b = system.Retailer(1);
        var a = system.Retailer(0);
        var point = FreePoints(1)[0];

        // R0002 issues the password for a point it supplies: shown once, with its validity.
        var pageB = await pages.LogInAsync(browser, b.StaffUser!, b.StaffPassword!);
        await pageB.GotoAsync(pages.Url("/Usage"));
        await pageB.Locator("#SupplyPointId").FillAsync(point);
        await pageB.GetByLabel("有効期間").SelectOptionAsync("7d");
        await pageB.Locator("#consent-submit").ClickAsync();
        var password = await pageB.Locator("#consent-password").InnerTextAsync();
        Assert.Equal(12, password.Length);
        await pages.ShotAsync(pageB, "23-consent-password-issued");

        // Not R0002's point: the same answer as for none, at the field.
        await pageB.Locator("#SupplyPointId").FillAsync(FreePoints(0)[0]);
        await pageB.Locator("#consent-submit").ClickAsync();
        await Assertions.Expect(pageB.Locator("#err-supplyPointId")).ToBeVisibleAsync();
        await Assertions.Expect(pageB.Locator("#consent-issued")).ToHaveCountAsync(0);

        // R0001 in English applies with it (IF_10210) and sees the usage values (IF_10310).
        var pageA = await pages.LogInAsync(browser, a.StaffUser!, a.StaffPassword!);
        await pageA.GotoAsync(pages.Url("/Usage"));
        await ScreenPages.SwitchLanguageAsync(pageA, "en");
        await pageA.Locator("#ApplyPointId").FillAsync(point);
        await pageA.GetByLabel("Usage consent password (from the customer)").FillAsync("wrong-password");
        await pageA.Locator("#usage-submit").ClickAsync();
        await Assertions.Expect(pageA.Locator("#problem")).ToBeVisibleAsync();
        await pageA.Locator("#ApplyPointId").FillAsync(point);
        await pageA.GetByLabel("Usage consent password (from the customer)").FillAsync(password);
        await pageA.Locator("#usage-submit").ClickAsync();
        await pageA.WaitForURLAsync(new Regex("/Usage/A\\d+"));
        await Assertions.Expect(pageA.Locator("h1")).ToHaveTextAsync("Usage information (IF_10310)");
        await Assertions.Expect(pageA.Locator("#grant-point")).ToHaveTextAsync(point);
        await Assertions.Expect(pageA.Locator("#usage-months tbody tr").First).ToBeVisibleAsync();
        await pages.ShotAsync(pageA, "24-usage-values-en");
    }

    [SkippableFact]
    public async Task MarketFiles_ListedAndDownloaded_AndFixedUsageByReadingPeriod()
    {
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var a = system.Retailer(0);
        var yesterday = system.Credentials.Simulation.Yesterday;
        var month = Today.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var page = await pages.LogInAsync(browser, a.StaffUser!, a.StaffPassword!);

        await page.GotoAsync(pages.Url($"/Files?Date={yesterday}&Month={month}"));
        var first = page.Locator("#files tbody tr[data-kind^='W4'] a").First;
        await Assertions.Expect(first).ToBeVisibleAsync();
        var name = await first.InnerTextAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => first.ClickAsync());
        Assert.Equal(name, download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".zip");
        await download.SaveAsAsync(saved);
        var head = new byte[2];
        await using (var file = File.OpenRead(saved))
        {
            await file.ReadExactlyAsync(head);
        }

        File.Delete(saved);
        Assert.Equal("PK"u8.ToArray(), head);

        // Every point R0001 held in the reading periods this month's readings close: fixed, or why not.
        await Assertions.Expect(page.Locator("#fixed-usage tbody tr").First).ToBeVisibleAsync();
        await pages.ShotAsync(page, "25-files-and-fixed-usage");

        await ScreenPages.SwitchLanguageAsync(page, "en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Market files and fixed usage");
        await Assertions.Expect(page.Locator("#files tbody tr").First).ToBeVisibleAsync();
        await page.Locator("#Month").FillAsync("2026-13");
        await page.Locator("#files-show").ClickAsync();
        await Assertions.Expect(page.Locator("#err-month")).ToBeVisibleAsync();
        await pages.ShotAsync(page, "26-files-en");
    }

    [SkippableFact]
    public async Task NotificationQueue_ShowsWhatTheRetailerWasTold_AndAcknowledges()
    {
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var b = system.Retailer(1);
        var page = await pages.LogInAsync(browser, b.StaffUser!, b.StaffPassword!);

        // Something to be told of: an ampere change, withdrawn (its status change is notified).
        await page.GotoAsync(pages.Url("/Applications/New?Kind=ampere-change"));
        await page.GetByLabel("供給地点特定番号（22桁）").FillAsync(FreePoints(1)[1]);
        await page.GetByLabel("契約電流希望（A）").SelectOptionAsync("30");
        await page.GetByLabel("契約変更予定年月日").FillAsync(Day(Today.AddDays(20)));
        await page.Locator("#application-submit").ClickAsync();
        await page.WaitForURLAsync(new Regex("/Applications/A\\d+"));
        var number = await page.Locator("#application-number").InnerTextAsync();
        await page.Locator("#withdraw").ClickAsync();
        await Assertions.Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", "08");

        await page.GotoAsync(pages.Url("/Notifications"));
        var row = page.Locator("#notifications tbody tr[data-kind='application_status_changed']", new() { HasText = number });
        await Assertions.Expect(row.First).ToContainTextAsync("申込の工程変更");
        await pages.ShotAsync(page, "27-notifications");

        await ScreenPages.SwitchLanguageAsync(page, "en");
        await Assertions.Expect(row.First).ToContainTextAsync("application status changed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge these" }).ClickAsync();
        await Assertions.Expect(page.Locator("#acknowledged")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#notifications tbody tr", new() { HasText = number })).ToHaveCountAsync(0);
        await pages.ShotAsync(page, "28-notifications-acknowledged-en");
    }
}
