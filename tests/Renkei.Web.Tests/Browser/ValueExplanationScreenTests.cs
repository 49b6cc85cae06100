using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Browser;

/// <summary>
/// The values screen in a real browser against the demo: a click on a value shows its explanation (rule, reads,
/// multiplier, versions), in Japanese and, after the language switch, in English.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class ValueExplanationScreenTests(DemoSystem system)
{
    private readonly string shots = Support.Browser.ScreenshotDirectory();

    [SkippableFact]
    public async Task ClickOnAValue_ShowsItsExplanation_InJapaneseAndEnglish()
    {
        Skip.If(Support.Browser.Executable is null, $"{Support.Browser.Variable} is not set (the browser is installed by .ci/run)");
        var (playwright, browser) = await Support.Browser.LaunchAsync(system);
        using var _ = playwright;
        await using var __ = browser;
        var a = system.Retailer(0);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ja-JP", TimezoneId = "Asia/Tokyo", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/Login"));
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(system.GatewayUrl.ToString()) + "connect/authorize\\?"));
        await page.GetByLabel("ユーザー名").FillAsync(a.StaffUser!);
        await page.GetByLabel("パスワード").FillAsync(a.StaffPassword!);
        await page.Locator("#login-submit").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=who]")).ToBeVisibleAsync();

        var yesterday = system.Credentials.Simulation.Yesterday;
        await page.GotoAsync(Url($"/SupplyPoints/Intervals?id={a.SuppliesToday[0]}&Date={yesterday}"));
        var value = await page.Locator("#explain-20").InnerTextAsync();
        await page.Locator("#explain-20").ClickAsync();

        var explanation = page.Locator("#explain");
        await Assertions.Expect(explanation.Locator("h2")).ToContainTextAsync("値の根拠");
        await Assertions.Expect(page.Locator("#explain-value")).ToHaveTextAsync(value);
        await Assertions.Expect(explanation.Locator(".rule").First).ToHaveTextAsync(new Regex("^(指針差（実績）|指針差（桁あふれ）|欠測区間の均等按分|異常|欠測)$"));
        await Assertions.Expect(page.Locator("#explain-versions tbody tr").First).ToContainTextAsync("公開");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "15-value-explained.png"), FullPage = true });

        await page.Locator("#lang-switch").ClickAsync();
        await Assertions.Expect(page.Locator("#explain h2")).ToContainTextAsync("Why this value");
        await Assertions.Expect(page.Locator("#explain .rule").First).ToHaveTextAsync(new Regex("^(actual delta|roll-over|estimation|invalid|missing)$"));
        await Assertions.Expect(page.Locator("#explain-versions tbody tr").First).ToContainTextAsync("published");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "16-value-explained-en.png"), FullPage = true });
    }

    private string Url(string path) => new Uri(system.WebUrl, path).ToString();
}
