using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Time.Testing;
using Renkei.Client.Tests.Support;

namespace Renkei.Client.Tests;

public sealed class RenkeiClientTests(DemoGateway demo) : IClassFixture<DemoGateway>
{
    [Fact]
    public async Task Token_IsReusedUntilShortlyBeforeExpiryThenRenewed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var client = demo.ClientFor(demo.A, clock);

        var first = await client.GetTokenAsync();
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(30), first.ExpiresAt);
        clock.Advance(TimeSpan.FromMinutes(28));
        Assert.Same(first, await client.GetTokenAsync());

        // 60 s before expiry (the default margin) a new one is fetched.
        clock.Advance(TimeSpan.FromMinutes(1));
        var renewed = await client.GetTokenAsync();
        Assert.NotEqual(first.Value, renewed.Value);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(30), renewed.ExpiresAt);
    }

    [Fact]
    public async Task Token_WrongSecret_ThrowsWithTheOAuthError()
    {
        using var client = demo.ClientFor(demo.B, secret: "not-the-secret");

        var e = await Assert.ThrowsAsync<RenkeiApiException>(() => client.GetTokenAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal("invalid_client", e.Title);
    }

    [Fact]
    public async Task SupplyPointDay_OwnPoint_Has48TypedSlots()
    {
        using var client = demo.ClientFor(demo.A);

        var day = await client.GetSupplyPointDayAsync(demo.A.SuppliesToday[0], demo.Yesterday);

        Assert.Equal(demo.A.SuppliesToday[0], day.SupplyPointId);
        Assert.Equal(Enumerable.Range(1, 48), day.Slots.Select(s => s.Slot));
        Assert.Contains(day.Slots, s => s.Quality == "actual" && s.Kwh > 0m);
    }

    [Fact]
    public async Task SupplyPointDay_OtherRetailersPoint_ThrowsWithThe404Problem()
    {
        using var client = demo.ClientFor(demo.A);

        var e = await Assert.ThrowsAsync<RenkeiApiException>(() => client.GetSupplyPointDayAsync(demo.A.DoesNotSupply, demo.Yesterday));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("Not found", e.Title);
        Assert.Equal("no such supply point for this retailer on this date", e.Detail);
    }

    [Fact]
    public async Task Token_RevokedBehindTheClientsBack_IsReplacedAndTheCallSucceeds()
    {
        using var client = demo.ClientFor(demo.A);
        var revoked = await client.GetTokenAsync();
        using (var raw = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == demo.ServerCertificate.GetCertHashString() },
        }) { BaseAddress = demo.Host.GatewayUrl })
        {
            using var response = await raw.PostAsync(new Uri("connect/revoke", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = revoked.Value,
                ["client_id"] = demo.A.ClientId,
                ["client_secret"] = demo.A.ClientSecret,
            }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var day = await client.GetSupplyPointDayAsync(demo.A.SuppliesToday[0], demo.Yesterday);

        Assert.Equal(48, day.Slots.Count);
        Assert.NotEqual(revoked.Value, (await client.GetTokenAsync()).Value);
    }

    [Fact]
    public async Task Webhooks_RegisterListDeliveriesRemove_SeenOnlyByTheirRetailer()
    {
        using var a = demo.ClientFor(demo.A);
        using var b = demo.ClientFor(demo.B);

        var hook = await a.RegisterWebhookAsync(new Uri("https://retailer-a.example/renkei"));
        Assert.StartsWith("whsec_", hook.Secret, StringComparison.Ordinal);
        Assert.Contains(await a.ListWebhooksAsync(), w => w.Id == hook.Id && w.Url == hook.Url);
        Assert.DoesNotContain(await b.ListWebhooksAsync(), w => w.Id == hook.Id);
        Assert.NotNull(await a.GetWebhookDeliveriesAsync(hook.Id));

        var notYours = await Assert.ThrowsAsync<RenkeiApiException>(() => b.RemoveWebhookAsync(hook.Id));
        Assert.Equal(HttpStatusCode.NotFound, notYours.StatusCode);

        await a.RemoveWebhookAsync(hook.Id);
        Assert.DoesNotContain(await a.ListWebhooksAsync(), w => w.Id == hook.Id);
    }

    [Fact]
    public async Task RegisterWebhook_PlainHttp_ThrowsNamingTheUrlField()
    {
        using var client = demo.ClientFor(demo.A);

        var e = await Assert.ThrowsAsync<RenkeiApiException>(() => client.RegisterWebhookAsync(new Uri("http://retailer-a.example/renkei")));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal(["url must use https"], e.Errors["url"]);
        Assert.Contains("url: url must use https", e.Message, StringComparison.Ordinal);
    }
}
