using System.Net;
using System.Text.RegularExpressions;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Screens;

/// <summary>
/// The status page's actions through the screens without a browser: a correction (訂正) of an application the TSO
/// has not returned is refused with the API's reason on the page, in either language; another retailer's application
/// answers 404 to every action.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed partial class ApplicationActionsTests(DemoSystem system)
{
    [Theory]
    [InlineData("ja", "差戻し中の申込のみ訂正できます")]
    [InlineData("en", "only an application returned for correction can be corrected")]
    public async Task Correction_NotReturned_RefusedWithTheReasonOnThePage(string lang, string expected)
    {
        var number = await UsageApplicationOfRetailerZeroAsync();
        var a = system.Retailer(0);
        using var session = await ScreensSession.LogInAsync(system, a.StaffUser!, a.StaffPassword!, lang);

        using var answer = await PostAsync(session, $"/Applications/{number}?handler=Correct", ("SupplyPointId", system.Retailer(1).SuppliesToday[0]));
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.Contains("id=\"application-number\">" + number + "<", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Withdraw")]
    [InlineData("WithdrawRelay")]
    [InlineData("Correct")]
    public async Task Action_OnAnotherRetailersApplication_Is404(string handler)
    {
        var number = await UsageApplicationOfRetailerZeroAsync();
        var b = system.Retailer(1);
        using var session = await ScreensSession.LogInAsync(system, b.StaffUser!, b.StaffPassword!);

        using var answer = await PostAsync(session, $"/Applications/A999999999999?handler={handler}");
        using var other = await PostAsync(session, $"/Applications/{number}?handler={handler}");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    /// <summary>
    /// An application of R0001 that no other test changes: a usage-information application (IF_10210) with a consent
    /// password R0002 issues for one of its points, both through the screens.
    /// </summary>
    private async Task<string> UsageApplicationOfRetailerZeroAsync()
    {
        var a = system.Retailer(0);
        var b = system.Retailer(1);
        var point = b.SuppliesToday.First(p => system.Credentials.Retailers.All(r => r.SwitchInExample?.SupplyPointId != p));
        using var issuer = await ScreensSession.LogInAsync(system, b.StaffUser!, b.StaffPassword!);
        using var issued = await issuer.PostFormAsync("/Usage?handler=Issue", ("SupplyPointId", point), ("Validity", "1d"), ("Nonce", Guid.NewGuid().ToString("N")));
        var password = Password().Match(await issued.Content.ReadAsStringAsync());
        Assert.True(password.Success, "no password on the page");

        using var applicant = await ScreensSession.LogInAsync(system, a.StaffUser!, a.StaffPassword!);
        using var granted = await applicant.PostFormAsync("/Usage?handler=Apply", ("ApplyPointId", point), ("Password", password.Groups[1].Value), ("Nonce", Guid.NewGuid().ToString("N")));
        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        return granted.Headers.Location!.ToString()["/Usage/".Length..];
    }

    /// <summary>Posts a status page's action with the session's antiforgery token (taken from a form page).</summary>
    private static async Task<HttpResponseMessage> PostAsync(ScreensSession session, string path, params (string Key, string Value)[] fields)
    {
        var token = Token().Match(await session.Client.GetStringAsync("/Applications/New?Kind=switch-out"));
        Assert.True(token.Success, "no antiforgery token");
        return await session.Client.PostAsync(path, new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
                .Append(new("__RequestVerificationToken", token.Groups[1].Value))
                .Append(new("Nonce", Guid.NewGuid().ToString("N")))));
    }

    [GeneratedRegex("<code id=\"consent-password\">([^<]+)</code>")]
    private static partial Regex Password();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
