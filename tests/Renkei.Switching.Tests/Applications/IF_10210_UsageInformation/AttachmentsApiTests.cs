using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Api;
using Renkei.Switching.Applications.IF_10210_UsageInformation;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.IF_10210_UsageInformation;

/// <summary>
/// IF_10210's attachments over the node's HTTP routes: sent in the application's JSON, stored with it, listed and
/// downloaded by the applicant and the TSO (operator route) only, every read audited; a bad attachment refuses the
/// application with every reason and stores nothing. Against SQLite and PostgreSQL.
/// </summary>
public abstract class AttachmentsApiTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<ApiHost> StartAsync() => await ApiHost.StartAsync(await Harness.StartAsync(await CreateDatabaseAsync()));

    private static HttpRequestMessage Post(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        return request;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The current retailer issues a consent password for <see cref="Harness.Point"/>.</summary>
    private static async Task<string> PasswordAsync(ApiHost api) =>
        (await JsonOf(await api.Client(Old).SendAsync(Post($"internal/v1/supply-points/{Point}/consent-passwords", new { validity = "7d" }, "pw")))).GetProperty("password").GetString()!;

    private static object Application(string password, params (string Name, byte[] Bytes)[] files) => new
    {
        supplyPointId = Point,
        password,
        attachments = files.Select(f => new { fileName = f.Name, content = Convert.ToBase64String(f.Bytes) }).ToArray(),
    };

    private static async Task<List<(string Actor, string Action)>> AuditAsync(ApiHost api, string number)
    {
        await using var db = api.Harness.Context();
        return (await db.AuditEntries.AsNoTracking().Where(a => a.Subject == "application" && a.SubjectId == number).OrderBy(a => a.Id).ToListAsync())
            .ConvertAll(a => (a.Actor, a.Action));
    }

    [SkippableFact]
    public async Task Attachments_StoredWithTheApplication_ApplicantAndTsoReadThem_EveryReadAudited()
    {
        await using var api = await StartAsync();
        var password = await PasswordAsync(api);

        var created = await api.Client(New).SendAsync(Post("internal/v1/applications/usage-information", Application(password, ("同意書.pdf", AttachmentRulesTests.Pdf), ("meter.pdf", AttachmentRulesTests.Png)), "u1"));
        var number = (await JsonOf(created)).GetProperty("applicationNumber").GetString()!;
        var list = await api.Client(New).GetFromJsonAsync<AttachmentList>($"internal/v1/applications/{number}/attachments");
        using var download = await api.Client(New).GetAsync($"internal/v1/applications/{number}/attachments/2");
        using var tsoDownload = await api.Client(null).GetAsync($"internal/v1/operator/applications/{number}/attachments/1");
        var tsoList = await api.Client(null).GetFromJsonAsync<AttachmentList>($"internal/v1/operator/applications/{number}/attachments");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(
            [
                new AttachmentView(1, "同意書.pdf", "application/pdf", AttachmentRulesTests.Pdf.Length, Convert.ToHexStringLower(SHA256.HashData(AttachmentRulesTests.Pdf))),
                new AttachmentView(2, "meter.pdf", "image/png", AttachmentRulesTests.Png.Length, Convert.ToHexStringLower(SHA256.HashData(AttachmentRulesTests.Png))),
            ],
            list!.Attachments);
        Assert.Equal(list.Attachments, tsoList!.Attachments);

        // The PNG named .pdf is served as what its bytes are, as a download the browser does not sniff.
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(AttachmentRulesTests.Png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(AttachmentRulesTests.Pdf, await tsoDownload.Content.ReadAsByteArrayAsync());
        Assert.Equal("同意書.pdf", tsoDownload.Content.Headers.ContentDisposition!.FileNameStar);

        var audit = await AuditAsync(api, number);
        Assert.Equal(2, audit.Count(a => a == (New, "attachment-stored")));
        Assert.Contains((New, "attachments-listed"), audit);
        Assert.Contains((New, "attachment-downloaded"), audit);
        Assert.Contains(("tso", "attachment-downloaded"), audit);
        Assert.Contains(("tso", "attachments-listed"), audit);
    }

    [SkippableFact]
    public async Task AnotherRetailer_Gets404LikeAnUnknownApplication_AndNothingIsAuditedAsRead()
    {
        await using var api = await StartAsync();
        var password = await PasswordAsync(api);
        var number = (await JsonOf(await api.Client(New).SendAsync(Post("internal/v1/applications/usage-information", Application(password, ("a.gif", AttachmentRulesTests.Gif)), "u1"))))
            .GetProperty("applicationNumber").GetString()!;

        using var thirdList = await api.Client(Third).GetAsync($"internal/v1/applications/{number}/attachments");
        using var thirdFile = await api.Client(Third).GetAsync($"internal/v1/applications/{number}/attachments/1");
        using var currentRetailer = await api.Client(Old).GetAsync($"internal/v1/applications/{number}/attachments/1");
        using var unknown = await api.Client(Third).GetAsync("internal/v1/applications/A999999999999/attachments/1");
        using var noSuchAttachment = await api.Client(New).GetAsync($"internal/v1/applications/{number}/attachments/2");

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { thirdList.StatusCode, thirdFile.StatusCode, currentRetailer.StatusCode, unknown.StatusCode, noSuchAttachment.StatusCode });
        Assert.Equal((await JsonOf(thirdList)).GetProperty("title").GetString(), (await JsonOf(unknown)).GetProperty("title").GetString());
        Assert.DoesNotContain(await AuditAsync(api, number), a => a.Action is "attachment-downloaded" or "attachments-listed");
    }

    [SkippableFact]
    public async Task BadAttachment_422NamingItAndWhy_NothingStoredAndNoPasswordAttemptSpent()
    {
        await using var api = await StartAsync();
        var password = await PasswordAsync(api);

        var refused = await api.Client(New).SendAsync(Post(
            "internal/v1/applications/usage-information",
            Application(password, ("ok.png", AttachmentRulesTests.Png), ("consent.pdf", "<html>not a pdf</html>"u8.ToArray()), ("big.jpg", [.. AttachmentRulesTests.Jpeg, .. new byte[AttachmentCheck.MaxBytes]])),
            "u1"));
        var problem = await JsonOf(refused);
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("field").GetString())).ToList();
        await using var db = api.Harness.Context();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([(AttachmentSizeRule.ErrorCode, "attachments[2].content"), (AttachmentTypeRule.ErrorCode, "attachments[1].content")], errors);
        Assert.Contains("attachment 2 (consent.pdf)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await db.ApplicationAttachments.CountAsync());
        Assert.Equal(0, await db.Applications.CountAsync(a => a.Kind == Renkei.Switching.Model.ApplicationKinds.UsageInformation));
        Assert.Equal(0, await db.ConsentAttempts.CountAsync());
    }

    [SkippableFact]
    public async Task Repeat_SameKeySameFiles_AnswersTheFirstAndStoresOnce_OtherFilesUnderTheKeyAre409()
    {
        await using var api = await StartAsync();
        var password = await PasswordAsync(api);
        var body = Application(password, ("a.pdf", AttachmentRulesTests.Pdf));

        var first = await JsonOf(await api.Client(New).SendAsync(Post("internal/v1/applications/usage-information", body, "u1")));
        using var repeat = await api.Client(New).SendAsync(Post("internal/v1/applications/usage-information", body, "u1"));
        using var other = await api.Client(New).SendAsync(Post("internal/v1/applications/usage-information", Application(password, ("a.pdf", AttachmentRulesTests.Gif)), "u1"));
        await using var db = api.Harness.Context();

        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(first.GetProperty("applicationNumber").GetString(), (await JsonOf(repeat)).GetProperty("applicationNumber").GetString());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(1, await db.ApplicationAttachments.CountAsync());
    }
}

public sealed class SqliteAttachmentsApiTests : AttachmentsApiTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresAttachmentsApiTests : AttachmentsApiTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
