using System.Security.Cryptography;
using Microsoft.Playwright;

namespace Renkei.Web.Tests.Support;

/// <summary>
/// Debian's chromium, headless, driven by Playwright. The browser is named by <c>RENKEI_TEST_BROWSER</c> (set by
/// <c>.ci/run</c>, which installs it); without it the browser tests are skipped, never downloaded. The demo's
/// self-signed certificate is trusted by its public key hash alone (<c>--ignore-certificate-errors-spki-list</c>),
/// not by turning certificate checks off.
/// </summary>
public static class Browser
{
    public const string Variable = "RENKEI_TEST_BROWSER";

    public static string? Executable => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync(DemoSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var spki = Convert.ToBase64String(SHA256.HashData(system.Certificate.PublicKey.ExportSubjectPublicKeyInfo()));
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--ignore-certificate-errors-spki-list=" + spki, "--lang=ja-JP"],
        });
        return (playwright, browser);
    }

    /// <summary>Where screenshots go: <c>artifacts/screenshots/</c> under the repository root.</summary>
    public static string ScreenshotDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Renkei.slnx")))
        {
            dir = dir.Parent;
        }

        var root = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
        Directory.CreateDirectory(root);
        return root;
    }
}
