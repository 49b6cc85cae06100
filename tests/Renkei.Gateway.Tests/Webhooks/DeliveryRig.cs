using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Registry;
using Renkei.Gateway.Tests.Support;
using Renkei.Gateway.Webhooks;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering;
using Renkei.Metering.Registry;

namespace Renkei.Gateway.Tests.Webhooks;

/// <summary>
/// What a webhook delivery test needs: its own metering node on a fake clock (so only the slots the test closes are
/// published, through the real close endpoint with an operator's caller proof), the internal zone's switching node,
/// a gateway whose dispatcher the test drives round by round, and a retailer's HTTPS receiver on loopback.
/// </summary>
internal sealed class DeliveryRig : IAsyncDisposable
{
    private readonly InternalZone zone;
    private readonly WebApplication metering;
    private readonly ECDsa operatorKey;
    private readonly HttpClient operatorClient;

    private DeliveryRig(InternalZone zone, WebApplication metering, ECDsa operatorKey, HttpClient operatorClient, FakeTimeProvider clock, Slot firstSlot, WebhookReceiver receiver, string dataDirectory)
    {
        this.zone = zone;
        this.metering = metering;
        this.operatorKey = operatorKey;
        this.operatorClient = operatorClient;
        Clock = clock;
        FirstSlot = firstSlot;
        Receiver = receiver;
        DataDirectory = dataDirectory;
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>The first slot nobody has closed: the slot starting at the next boundary after the fake clock's start.</summary>
    public Slot FirstSlot { get; }

    public WebhookReceiver Receiver { get; }

    public string DataDirectory { get; }

    public TestGateway Gateway { get; private set; } = null!;

    public WebhookDispatcher Dispatcher => Gateway.App.Services.GetRequiredService<WebhookDispatcher>();

    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);

    public static async Task<DeliveryRig> StartAsync(InternalZone zone)
    {
        // Whole milliseconds: the store keeps instants in Unix milliseconds.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var clock = new FakeTimeProvider(now);
        var next = Slot.Containing(now).Next();
        var operatorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var registry = new MeterRegistry();
        var installed = new DateTimeOffset(2016, 4, 1, 0, 0, 0, TimeSpan.FromHours(9));
        var m = 0;
        foreach (var (point, _) in Market.Contracts)
        {
            registry.Add(new MeterInstallation(SupplyPointId.Parse(point), $"W{++m:D6}", Multiplier.One, 6, installed, Kwh.Zero, Kwh.FromDecimal(50m), false));
        }

        var root = Path.Combine(zone.Root, "webhooks-" + Guid.NewGuid().ToString("N"));
        var app = MeteringHost.Build(
            new MeteringHostOptions
            {
                DataDirectory = Path.Combine(root, "metering"),
                FirstSlotToClose = next,
                Callers = new InternalCallerTrust
                {
                    Audience = MeteringHostOptions.Audience,
                    Callers =
                    [
                        new InternalCaller("gateway", InternalCallerKey.PublicOnly(zone.GatewayKey), [new InternalRoute("GET", "/internal/v1/supply-points/"), new InternalRoute("GET", "/internal/v1/changes")]),
                        new InternalCaller("operator", InternalCallerKey.PublicOnly(operatorKey), [new InternalRoute("POST", "/internal/v1/slots/"), new InternalRoute("POST", "/internal/v1/hes/reads")]),
                    ],
                },
            },
            registry,
            clock,
            l => l.ClearProviders());
        await app.StartAsync();
        var meteringUrl = new Uri(app.Urls.First() + "/");
        var operatorClient = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(operatorKey, "operator", TimeProvider.System), MeteringHostOptions.Audience) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = meteringUrl,
        };
        var receiver = await WebhookReceiver.StartAsync();
        var rig = new DeliveryRig(zone, app, operatorKey, operatorClient, clock, next, receiver, Path.Combine(root, "gateway"));
        await rig.StartGatewayAsync();
        return rig;
    }

    /// <summary>Starts (or, after <see cref="StopGatewayAsync"/>, restarts) the gateway on the same data folder.</summary>
    public async Task StartGatewayAsync()
    {
        Gateway = await TestGateway.StartAsync(
            zone,
            clock: Clock,
            meteringUrl: metering.Urls.Select(u => new Uri(u + "/")).First(),
            dataDirectory: DataDirectory,
            webhooks: new WebhookOptions
            {
                DispatcherEnabled = false,
                AllowPrivateTargets = true,
                TrustedTargetCertificates = [Receiver.Certificate],
                FirstRetryDelay = FirstRetry,
                MaxRetryDelay = TimeSpan.FromMinutes(4),
                MaxAttempts = 4,
            });
    }

    public async Task StopGatewayAsync() => await Gateway.DisposeAsync();

    /// <summary>Publishes a slot the way the closer does, through the metering node's close endpoint.</summary>
    public async Task CloseSlotAsync(Slot slot)
    {
        using var response = await operatorClient.PostAsync(
            new Uri($"internal/v1/slots/{slot.Date:yyyy-MM-dd}/{slot.Number}/close", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Sends register reads (the reads CSV) to the HES ingest, as a late meter's reads arrive.</summary>
    public async Task PostReadsAsync(string csv)
    {
        using var response = await operatorClient.PostAsync(new Uri("internal/v1/hes/reads", UriKind.Relative), new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("\"rejectedCount\":0", body, StringComparison.Ordinal);
    }

    public async Task<string> TokenAsync(string clientId, string secret) => await Gateway.TokenAsync(clientId, secret);

    public async Task<WebhookCreated> RegisterAsync(string token, Uri url)
    {
        using var response = await SendAsync(HttpMethod.Post, token, "api/v1/webhooks", JsonContent.Create(new { url = url.ToString() }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WebhookCreated>())!;
    }

    public async Task<DeliveryList> DeliveriesAsync(string token, string id)
    {
        using var response = await SendAsync(HttpMethod.Get, token, $"api/v1/webhooks/{id}/deliveries");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DeliveryList>())!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string? token, string relative, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(relative, UriKind.Relative)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Gateway.Client().SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Receiver.DisposeAsync();
        operatorClient.Dispose();
        await metering.StopAsync();
        await metering.DisposeAsync();
        operatorKey.Dispose();
    }
}
