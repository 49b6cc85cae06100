using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Renkei.Gateway.Tests.Support;
using Renkei.Gateway.Webhooks;

namespace Renkei.Gateway.Tests.Webhooks;

[Collection(InternalZoneCollection.Name)]
public sealed class WebhookRegistrationTests(InternalZone zone)
{
    private TestGateway Gateway => zone.Shared;

    [Theory]
    [InlineData("http://retailer.example/hook", "url must use https")]
    [InlineData("https://127.0.0.1/hook", "non-public address")]
    [InlineData("https://[::1]/hook", "non-public address")]
    [InlineData("https://10.1.2.3/hook", "non-public address")]
    [InlineData("https://192.168.0.10/hook", "non-public address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "non-public address")]
    [InlineData("https://localhost/hook", "non-public address")]
    [InlineData("https://user:pw@retailer.example/hook", "user info")]
    [InlineData("retailer.example/hook", "absolute URL")]
    [InlineData("", "url is required")]
    public async Task Register_RefusedTarget_Is400NamingUrlAndStoresNothing(string url, string why)
    {
        var token = await Gateway.TokenAsync(TestGateway.R3Id, TestGateway.R3Secret, Gateway.Client(TestCertificates.A));
        var before = (await ListAsync(token, TestCertificates.A)).Webhooks.Count;
        using var response = await SendAsync(HttpMethod.Post, token, "api/v1/webhooks", JsonContent.Create(new { url }), TestCertificates.A);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = Assert.Single(problem.RootElement.GetProperty("errors").GetProperty("url").EnumerateArray()).GetString();
        Assert.Contains(why, message, StringComparison.Ordinal);
        Assert.Equal(before, (await ListAsync(token, TestCertificates.A)).Webhooks.Count);
        Assert.Contains(await Gateway.AuditOfAsync("/api/v1/webhooks"), e => e.Status == 400 && e.Reason == "invalid url" && e.Retailer == Market.R3);
    }

    [Fact]
    public async Task Register_MalformedJson_Is400NamingFieldAndLine()
    {
        var token = await Gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        using var response = await SendAsync(HttpMethod.Post, token, "api/v1/webhooks", new StringContent("{\n\"url\": 5}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(("$.url", 2), (problem.RootElement.GetProperty("field").GetString(), problem.RootElement.GetProperty("line").GetInt32()));
    }

    [Fact]
    public async Task Register_DuplicateKey_Is400()
    {
        var token = await Gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        using var response = await SendAsync(HttpMethod.Post, token, "api/v1/webhooks", new StringContent("{\"url\": \"https://a.example/h\", \"url\": \"https://b.example/h\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("url", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhooks_WithoutToken_Are401()
    {
        using var response = await SendAsync(HttpMethod.Get, null, "api/v1/webhooks");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_OfAnotherRetailer_IsNotListedAnd404ToReadOrRemove()
    {
        var r1 = await Gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        var r2 = await Gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret);
        using var created = await SendAsync(HttpMethod.Post, r1, "api/v1/webhooks", JsonContent.Create(new { url = "https://r1.example/renkei" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hook = (await created.Content.ReadFromJsonAsync<WebhookCreated>())!;
        Assert.Equal($"/api/v1/webhooks/{hook.Id}", created.Headers.Location?.ToString());

        Assert.Contains((await ListAsync(r1)).Webhooks, w => w.Id == hook.Id);
        Assert.DoesNotContain((await ListAsync(r2)).Webhooks, w => w.Id == hook.Id);

        using var unknown = await SendAsync(HttpMethod.Get, r2, "api/v1/webhooks/wh_000000000000000000000000/deliveries");
        using var deliveries = await SendAsync(HttpMethod.Get, r2, $"api/v1/webhooks/{hook.Id}/deliveries");
        using var removal = await SendAsync(HttpMethod.Delete, r2, $"api/v1/webhooks/{hook.Id}");
        Assert.Equal(HttpStatusCode.NotFound, deliveries.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removal.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await deliveries.Content.ReadAsStringAsync());

        // Still there for its owner, and the secret is never shown again.
        var listed = Assert.Single((await ListAsync(r1)).Webhooks, w => w.Id == hook.Id);
        using var raw = await SendAsync(HttpMethod.Get, r1, "api/v1/webhooks");
        Assert.DoesNotContain(hook.Secret, await raw.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("https://r1.example/renkei", listed.Url);

        using var removed = await SendAsync(HttpMethod.Delete, r1, $"api/v1/webhooks/{hook.Id}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.DoesNotContain((await ListAsync(r1)).Webhooks, w => w.Id == hook.Id);

        var audit = await Gateway.AuditOfAsync(hook.Id);
        Assert.Contains(audit, e => e.Method == "DELETE" && e.Status == 404 && e.Retailer == Market.R2 && e.Reason == "no such webhook for this retailer");
        Assert.Contains(audit, e => e.Method == "DELETE" && e.Status == 204 && e.Retailer == Market.R1);
    }

    [Fact]
    public async Task Delete_OutsideWebhooks_IsStill405()
    {
        var token = await Gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        using var response = await SendAsync(HttpMethod.Delete, token, "api/v1/switching/applications/A000000000001");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public void RetryDelay_DoublesFromTheFirstAndStopsAtTheCap()
    {
        var options = new WebhookOptions { FirstRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromHours(1) };
        using var dispatcher = new WebhookDispatcher(null!, null!, null!, null!, options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<WebhookDispatcher>.Instance);
        Assert.Equal(
            [30, 60, 120, 240, 480, 960, 1920, 3600, 3600],
            Enumerable.Range(1, 9).Select(n => (int)dispatcher.RetryDelay(n).TotalSeconds));
    }

    private async Task<WebhookList> ListAsync(string token, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        using var response = await SendAsync(HttpMethod.Get, token, "api/v1/webhooks", certificate: certificate);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WebhookList>())!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string? token, string relative, HttpContent? content = null, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(relative, UriKind.Relative)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Gateway.Client(certificate).SendAsync(request);
    }
}
