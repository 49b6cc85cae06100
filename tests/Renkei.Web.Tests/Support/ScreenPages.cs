using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Renkei.Web.Tests.Support;

/// <summary>
/// What the browser tests of the screens do on every page: a Japanese browser context in Tokyo time, the log-in at
/// the gateway's page, the screens' URLs and a full-page screenshot under <c>artifacts/screenshots/</c>.
/// </summary>
public sealed class ScreenPages(DemoSystem system)
{
    private readonly string shots = Browser.ScreenshotDirectory();

    public async Task<IPage> NewPageAsync(IBrowser browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            AcceptDownloads = true,
        });
        return await context.NewPageAsync();
    }

    /// <summary>Logs in at the gateway's page (code flow with PKCE) and waits for the screens to show who is logged in.</summary>
    public async Task<IPage> LogInAsync(IBrowser browser, string user, string password)
    {
        var page = await NewPageAsync(browser);
        await page.GotoAsync(Url("/Login"));
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(system.GatewayUrl.ToString()) + "connect/authorize\\?"));
        await page.GetByLabel("ユーザー名").FillAsync(user);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.Locator("#login-submit").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=who]")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Switches the page's language with the link at the top and waits for the page in it.</summary>
    public static async Task SwitchLanguageAsync(IPage page, string lang)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Locator("#lang-switch").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
    }

    public string Url(string path) => new Uri(system.WebUrl, path).ToString();

    public Task ShotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, name + ".png"), FullPage = true });
    }
}
