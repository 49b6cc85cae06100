using System.Net;
using Renkei.Web.Forms;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Screens;

/// <summary>The application forms, the CSV download and the bulk upload, through the screens without a browser.</summary>
[Collection(DemoCollection.Name)]
public sealed class FormsTests(DemoSystem system)
{
    [Fact]
    public void FormBody_EmptyFieldsAreNull_NumbersAndCheckboxesTyped()
    {
        var form = ApplicationForm.Find("ampere-change")!;

        var body = form.Body(name => name switch { "supplyPointId" => " 0310000000000000000000 ", "amperes" => "30", _ => "" });

        Assert.Equal("0310000000000000000000", body["supplyPointId"]);
        Assert.Equal(30, body["amperes"]);
        Assert.Null(body["changeDate"]);
        Assert.Equal(true, ApplicationForm.Find("move-out")!.Body(n => n == "removeFacilities" ? "true" : null)["removeFacilities"]);
    }

    [Theory]
    [InlineData("switch-out")]
    [InlineData("move-in")]
    [InlineData("move-out")]
    [InlineData("customer-details")]
    [InlineData("ampere-change")]
    [InlineData("usage-information")]
    public async Task ApplicationForm_SentEmpty_RefusedWithFieldMessages(string kind)
    {
        var a = system.Retailer(0);
        using var session = await ScreensSession.LogInAsync(system, a.StaffUser!, a.StaffPassword!);

        using var answer = await session.PostFormAsync($"/Applications/New?Kind={kind}", ("Kind", kind), ("Nonce", Guid.NewGuid().ToString("N")));
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("class=\"field-error\" id=\"err-supplyPointId\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplicationForm_UnknownKind_Is404()
    {
        var a = system.Retailer(0);
        using var session = await ScreensSession.LogInAsync(system, a.StaffUser!, a.StaffPassword!);

        using var answer = await session.Client.GetAsync("/Applications/New?Kind=nothing");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task CsvDownload_IsTheGatewaysFile()
    {
        var a = system.Retailer(0);
        using var session = await ScreensSession.LogInAsync(system, a.StaffUser!, a.StaffPassword!);

        using var answer = await session.Client.GetAsync("/Applications?handler=Csv");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/csv", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal("applications.csv", answer.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }
}
