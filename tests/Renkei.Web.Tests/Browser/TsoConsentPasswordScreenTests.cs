using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Renkei.Cli.Demo;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Browser;

/// <summary>
/// The operator's screen that issues a low-voltage customer's usage consent password from the TSO directly, in a real
/// browser against the real system (demo host: the gateway's operator route to the switching hub), in Japanese and
/// English: the customer checked against the point's contract holder, the password shown once, a mismatch refused at
/// its field, and the password opening the usage values to a retailer as a retailer-issued one does. A retailer's
/// staff gets 403 on the screen. Pages are saved under <c>artifacts/screenshots/</c> for the README's tour.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class TsoConsentPasswordScreenTests(DemoSystem system)
{
    private readonly ScreenPages pages = new(system);

    [SkippableFact]
    public async Task TsoConsentPassword_IssuedToTheCustomerByTheOperator_OpensUsageValuesToARetailer()
    {
        Skip.If(Support.Browser.Executable is null, $"{Support.Browser.Variable} is not set (the browser is installed by .ci/run)");
        var (playwright, browser) = await Support.Browser.LaunchAsync(system);
        using var _ = playwright;
        await using var __ = browser;

        // The last point R0003 supplies that is no retailer's switch-in example: no other test of the collection
        // changes its contract. Its holder and address are the demo's ("{area}1000{index}").
        var examples = system.Credentials.Retailers.Select(r => r.SwitchInExample?.SupplyPointId).ToHashSet();
        var point = system.Retailer(2).SuppliesToday.Last(p => !examples.Contains(p));
        var index = int.Parse(point[6..], CultureInfo.InvariantCulture);
        var (holder, _) = DemoSeed.HolderOf(index);
        var address = DemoSeed.AddressOf(index);

        // The operator finds the screen in the menu and issues the password for the customer: shown once.
        var op = await pages.LogInAsync(browser, system.Credentials.Operator!.User, system.Credentials.Operator.Password);
        await op.GotoAsync(pages.Url("/Dashboard"));
        await op.GetByRole(AriaRole.Link, new() { Name = "使用量照会パスワード（TSO発行）" }).ClickAsync();
        await Assertions.Expect(op.Locator("h1")).ToHaveTextAsync("使用量照会パスワードの発行（一般送配電事業者）");
        await op.Locator("#SupplyPointId").FillAsync(point);
        await op.GetByLabel("契約名義").FillAsync(holder.Replace(" ", string.Empty, StringComparison.Ordinal));
        await op.Locator("#Address").FillAsync(address);
        await op.GetByLabel("有効期間").SelectOptionAsync("1d");
        await op.Locator("#tso-consent-submit").ClickAsync();
        await Assertions.Expect(op.Locator("#tso-consent-point")).ToHaveTextAsync(point);
        var password = await op.Locator("#tso-consent-password").InnerTextAsync();
        Assert.Equal(12, password.Length);
        await pages.ShotAsync(op, "29-tso-consent-password-issued");

        // In English, a customer who does not match the holder is refused at the field, and nothing is shown.
        await ScreenPages.SwitchLanguageAsync(op, "en");
        await op.Locator("#SupplyPointId").FillAsync(point);
        await op.GetByLabel("Contract holder name").FillAsync("Someone Else");
        await op.Locator("#Address").FillAsync(address);
        await op.Locator("#tso-consent-submit").ClickAsync();
        await Assertions.Expect(op.Locator("#err-holderName")).ToContainTextAsync("does not match");
        await Assertions.Expect(op.Locator("#tso-consent-issued")).ToHaveCountAsync(0);
        await pages.ShotAsync(op, "30-tso-consent-refused-en");

        // R0001, not the point's retailer, applies with it (IF_10210) and sees the usage values (IF_10310).
        var a = system.Retailer(0);
        var retailer = await pages.LogInAsync(browser, a.StaffUser!, a.StaffPassword!);
        await retailer.GotoAsync(pages.Url("/Usage"));
        await retailer.Locator("#ApplyPointId").FillAsync(point);
        await retailer.GetByLabel("使用量閲覧パスワード（需要者の同意）").FillAsync(password);
        await retailer.Locator("#usage-submit").ClickAsync();
        await retailer.WaitForURLAsync(new Regex("/Usage/A\\d+"));
        await Assertions.Expect(retailer.Locator("#grant-point")).ToHaveTextAsync(point);
        await Assertions.Expect(retailer.Locator("#usage-months tbody tr").First).ToBeVisibleAsync();

        // The screen is the operator's: a retailer's staff gets 403.
        var refused = await retailer.GotoAsync(pages.Url("/Operator/ConsentPassword"));
        Assert.Equal(403, refused!.Status);
    }
}
