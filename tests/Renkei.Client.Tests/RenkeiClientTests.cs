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
        // The gateway's expires_in (30 minutes less the second it rounds off), counted from the request.
        Assert.InRange(first.ExpiresAt - clock.GetUtcNow(), TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        clock.Advance(TimeSpan.FromMinutes(28));
        Assert.Same(first, await client.GetTokenAsync());

        // 60 s before expiry (the default margin) a new one is fetched.
        clock.Advance(TimeSpan.FromMinutes(1));
        var renewed = await client.GetTokenAsync();
        Assert.NotEqual(first.Value, renewed.Value);
        Assert.InRange(renewed.ExpiresAt - clock.GetUtcNow(), TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
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
        })
        { BaseAddress = demo.Host.GatewayUrl })
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

    [Fact]
    public async Task DownloadIntervals_DayAsCsv_StreamsIntoTheStreamWithProgress()
    {
        using var client = demo.ClientFor(demo.A);
        await using var target = new MemoryStream();
        var reports = new List<long>();

        var written = await client.DownloadIntervalsAsync(new IntervalsQuery(demo.Yesterday, Slot: 10), IntervalFormat.Csv, target, new SyncProgress(reports.Add));

        Assert.Equal(target.Length, written);
        Assert.Equal(written, reports[^1]);
        Assert.Equal(0, reports[0]);
        var text = System.Text.Encoding.UTF8.GetString(target.ToArray());
        Assert.Contains(demo.A.SuppliesToday[0], text, StringComparison.Ordinal);
        Assert.DoesNotContain(demo.A.DoesNotSupply, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadIntervals_SlotOutOfRange_ThrowsNamingTheSlotField()
    {
        using var client = demo.ClientFor(demo.A);

        var e = await Assert.ThrowsAsync<RenkeiApiException>(() => client.DownloadIntervalsAsync(new IntervalsQuery(demo.Yesterday, Slot: 49), IntervalFormat.Json, Stream.Null));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.True(e.Errors.ContainsKey("slot"), e.Message);
        Assert.Contains("(field slot)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_ListedThenDownloaded_AreZipsOfTheListedName()
    {
        using var client = demo.ClientFor(demo.A);

        var files = await client.ListFilesAsync(demo.Yesterday);
        Assert.NotEmpty(files);
        var file = files[0];
        await using var target = new MemoryStream();
        var reports = new List<long>();
        var written = await client.DownloadFileAsync(file.Name, target, new SyncProgress(reports.Add));

        Assert.True(written > 0);
        Assert.Equal(written, reports[^1]);
        Assert.Equal("PK"u8.ToArray(), target.ToArray()[..2]);
    }

    [Fact]
    public async Task Feed_ReadToTheEnd_YieldsPagesWhoseCursorsAdvance()
    {
        using var client = demo.ClientFor(demo.A);
        var pages = new List<FeedPage>();

        await foreach (var page in client.ReadFeedAsync(0, limit: 50))
        {
            pages.Add(page);
            if (pages.Count == 5)
            {
                break;
            }
        }

        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.InRange(p.Items.Count, 1, 50));
        var cursors = pages.SelectMany(p => p.Items).Select(i => i.GetProperty("cursor").GetInt64()).ToList();
        Assert.Equal(cursors.Order(), cursors);
        Assert.Equal(cursors.Count, cursors.Distinct().Count());
        Assert.Contains(pages.SelectMany(p => p.Items), i => i.GetProperty("kind").GetString() == "slot-published");
    }

    [Fact]
    public async Task Feed_FollowedPastItsEnd_TellsCaughtUpWithTheLastCursor_BeforeWaiting()
    {
        using var client = demo.ClientFor(demo.A);
        using var stop = new CancellationTokenSource();
        long last = -1;
        long? caughtUpAt = null;

        try
        {
            await foreach (var page in client.ReadFeedAsync(0, limit: 10_000, follow: true, caughtUp: at => { caughtUpAt = at; stop.Cancel(); }, cancellationToken: stop.Token))
            {
                last = page.Next;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Cancelled from the caught-up callback: the feed was read to its end.
        }

        Assert.True(last > 0);
        Assert.Equal(last, caughtUpAt);
    }

    /// <summary>Progress reported on the calling thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
