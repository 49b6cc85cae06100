using System.Net;
using Renkei.Web.Localization;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Screens;

/// <summary>Japanese by default, English by choice, every label in both.</summary>
[Collection(DemoCollection.Name)]
public sealed class LanguageTests(DemoSystem system)
{
    [Fact]
    public void Labels_EveryKey_HasJapaneseAndEnglishText()
    {
        foreach (var (key, (ja, en)) in Labels.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(ja), $"{key} has no Japanese label");
            Assert.False(string.IsNullOrWhiteSpace(en), $"{key} has no English label");
        }
    }

    [Fact]
    public void Labels_EveryKeyUsedByThePages_IsDefined()
    {
        var root = Path.GetDirectoryName(Support.Browser.ScreenshotDirectory())!;
        var pages = Path.Combine(root, "..", "src", "Renkei.Web", "Pages");
        var used = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "Ui\\[\"([a-zA-Z0-9_.]+)\"\\]").Select(m => m.Groups[1].Value))
            .Distinct()
            .ToList();
        Assert.NotEmpty(used);
        Assert.All(used, key => Assert.True(Labels.All.ContainsKey(key), $"label {key} is used by a page but not defined"));
    }

    [Fact]
    public async Task LoginPage_ByDefault_IsJapanese()
    {
        using var session = ScreensSession.Anonymous(system);

        var screens = await session.Client.GetStringAsync("/Login?signedout=1");
        var (authorize, gateway) = await session.GatewayLogInPageAsync();

        Assert.Contains("<html lang=\"ja\">", screens, StringComparison.Ordinal);
        Assert.Contains(">English</a>", screens, StringComparison.Ordinal);
        Assert.Contains("ui_locales=ja", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ja\">", gateway, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">ユーザー名</label>", gateway, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginPages_BrowserPrefersEnglish_AreEnglishWithoutACookie_AndLinkToJapanese()
    {
        using var session = ScreensSession.Anonymous(system);
        session.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.9,ja;q=0.4");

        var screens = await session.Client.GetStringAsync("/Login?signedout=1");
        var (authorize, gateway) = await session.GatewayLogInPageAsync();

        Assert.Contains("<html lang=\"en\">", screens, StringComparison.Ordinal);
        Assert.Contains("ui_locales=en", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">User name</label>", gateway, StringComparison.Ordinal);
        var link = System.Text.RegularExpressions.Regex.Match(gateway, "id=\"login-language\" lang=\"ja\" href=\"([^\"]+)\">日本語</a>");
        Assert.True(link.Success, gateway);

        var japanese = await session.Client.GetStringAsync(new Uri(authorize, WebUtility.HtmlDecode(link.Groups[1].Value)));

        Assert.Contains("<html lang=\"ja\">", japanese, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">ユーザー名</label>", japanese, StringComparison.Ordinal);
        Assert.Contains(">English</a>", japanese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayLoginPage_JapaneseChosenOnTheScreens_WinsOverTheBrowsersEnglish()
    {
        using var session = ScreensSession.Anonymous(system, lang: "ja");
        session.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var (authorize, gateway) = await session.GatewayLogInPageAsync();

        Assert.Contains("ui_locales=ja", authorize.Query, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ja\">", gateway, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageSwitch_ToEnglish_SetsCookieAndReturnsToThePage()
    {
        using var session = ScreensSession.Anonymous(system);

        using var switched = await session.Client.GetAsync("/lang/en?back=%2FLogin");
        var html = await session.Client.GetStringAsync("/Login?signedout=1");
        var (_, gateway) = await session.GatewayLogInPageAsync();

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/Login", switched.Headers.Location?.ToString());
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains(">日本語</a>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", gateway, StringComparison.Ordinal);
        Assert.Contains("<label for=\"username\">User name</label>", gateway, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task LanguageSwitch_BackToAnotherSite_GoesHomeInstead(string back)
    {
        using var session = ScreensSession.Anonymous(system);

        using var switched = await session.Client.GetAsync("/lang/ja?back=" + Uri.EscapeDataString(back));

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/", switched.Headers.Location?.ToString());
    }
}
