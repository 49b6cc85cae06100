using System.Net;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Screens;

/// <summary>The API's problem details become messages next to the fields they concern, in the user's language.</summary>
[Collection(DemoCollection.Name)]
public sealed class ValidationTests(DemoSystem system)
{
    [Fact]
    public void ProblemErrors_SwitchingProblem_MessagesPerFieldInBothLanguages()
    {
        var problem = ProblemErrors.Parse("""
            {"type":"about:blank","title":"2 rules failed","status":422,"detail":"...","errors":[
              {"code":"SW001","field":"supplyPointId","message":"must be 22 digits","messageJa":"22桁の数字です"},
              {"code":"SW021","field":"contractNumber","message":"contractNumber is required","messageJa":"契約番号は必須です"}]}
            """);

        Assert.Equal(["22桁の数字です (SW001)"], problem.For("supplyPointId", Lang.Ja));
        Assert.Equal(["contractNumber is required (SW021)"], problem.For("contractNumber", Lang.En));
        Assert.Empty(problem.For("switchDate", Lang.Ja));
        Assert.Equal("2 rules failed", problem.Title);
    }

    [Fact]
    public void ProblemErrors_NotJson_IsEmpty()
    {
        Assert.False(ProblemErrors.Parse("<html>").Any);
    }

    [Theory]
    [InlineData(null, "供給地点特定番号")]
    [InlineData("en", "supply point")]
    public async Task SwitchIn_MalformedSupplyPoint_ShowsTheApiMessageAtTheField(string? lang, string expected)
    {
        var a = system.Retailer(0);
        using var session = await ScreensSession.LogInAsync(system, a.StaffUser!, a.StaffPassword!, lang);

        using var answer = await session.PostFormAsync(
            "/Applications/SwitchIn",
            ("SupplyPointId", "12345"),
            ("Nonce", Guid.NewGuid().ToString("N")));
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        var error = System.Text.RegularExpressions.Regex.Match(html, "<span class=\"field-error\" id=\"err-supplyPointId\">([^<]+)</span>");
        Assert.True(error.Success, "no message next to the supply point field");
        Assert.Contains(expected, error.Groups[1].Value, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("id=\"SupplyPointId\" name=\"SupplyPointId\" value=\"12345\" inputmode=\"numeric\" maxlength=\"22\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WithoutTerms_ShowsBothFieldMessages()
    {
        var a = system.Retailer(0);
        using var session = await ScreensSession.LogInAsync(system, a.StaffUser!, a.StaffPassword!);

        using var answer = await session.Client.GetAsync("/SupplyPoints/Search?Address=&HolderName=");
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("id=\"err-address\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"err-holderName\"", html, StringComparison.Ordinal);
    }
}
