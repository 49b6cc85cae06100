using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Api;

namespace Renkei.Switching.Tests.Support;

/// <summary>The switching node on real Kestrel (loopback, free port) over a test database, and clients per retailer.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "renkei-switching-api", Guid.NewGuid().ToString("N"));
    private readonly List<HttpClient> clients = [];
    private bool ownsHarness = true;

    // The tests call as the gateway does: every request carries the gateway's caller proof.
    private readonly ECDsa gatewayKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private ApiHost(Harness harness, Renkei.Switching.Applications.IF_10310_UsageValues.IUsageValuesSource? usageValues, IReadOnlyCollection<Renkei.Switching.Tso.Hub.TsoClient>? remoteTsos = null)
    {
        Harness = harness;
        app = SwitchingHost.Build(new SwitchingHostOptions
        {
            DataDirectory = directory,
            Port = 0,
            Database = harness.Database.Database,
            Clock = harness.Clock,
            RunDeadlineSweeper = false,
            UsageValues = usageValues,
            RemoteTsos = remoteTsos,
            RunTsoDispatcher = false,
            Callers = new InternalCallerTrust
            {
                Audience = SwitchingHostOptions.Audience,
                Callers = [new InternalCaller("gateway", InternalCallerKey.PublicOnly(gatewayKey), [new InternalRoute(null, "/internal/v1/")])],
            },
        });
    }

    public Harness Harness { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The outbox to the TSO nodes (only with remote TSOs); tests run its rounds themselves.</summary>
    internal Renkei.Switching.Tso.Hub.TsoOrderDispatcher Dispatcher => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Renkei.Switching.Tso.Hub.TsoOrderDispatcher>(app.Services);

    /// <summary>One of the node's services.</summary>
    internal T Service<T>()
        where T : notnull => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(app.Services);

    /// <summary>A scope of the node's services (as a request gets).</summary>
    public Microsoft.Extensions.DependencyInjection.AsyncServiceScope Scope() => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(app.Services);

    /// <summary>Starts the node with the areas in <paramref name="remoteTsos"/> served by TSO nodes of their own.</summary>
    /// <remarks>With <paramref name="ownsHarness"/> false (another instance of the hub on the same store) the harness outlives this host.</remarks>
    public static async Task<ApiHost> StartWithRemoteTsosAsync(Harness harness, IReadOnlyCollection<Renkei.Switching.Tso.Hub.TsoClient> remoteTsos, bool ownsHarness = true)
    {
        var host = new ApiHost(harness, null, remoteTsos) { ownsHarness = ownsHarness };
        await host.app.StartAsync();
        host.BaseAddress = new Uri(host.app.Urls.First() + "/");
        return host;
    }

    /// <summary>Starts the node; <paramref name="usageValues"/> links it to a metering node for IF_10310 (none: not linked).</summary>
    public static async Task<ApiHost> StartAsync(Harness harness, Renkei.Switching.Applications.IF_10310_UsageValues.IUsageValuesSource? usageValues = null)
    {
        var host = new ApiHost(harness, usageValues);
        await host.app.StartAsync();
        host.BaseAddress = new Uri(host.app.Urls.First() + "/");
        return host;
    }

    /// <summary>A client that calls as <paramref name="retailer"/> (the header the gateway sets), or anonymously.</summary>
    public HttpClient Client(string? retailer)
    {
        var signer = new InternalCallerSigner(gatewayKey, "gateway", TimeProvider.System);
        var client = new HttpClient(new InternalCallerHandler(signer, SwitchingHostOptions.Audience) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = BaseAddress,
        };
        if (retailer is not null)
        {
            client.DefaultRequestHeaders.Add(ApplicationsApi.RetailerHeader, retailer);
        }

        clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in clients)
        {
            c.Dispose();
        }

        await app.StopAsync();
        await app.DisposeAsync();
        if (ownsHarness)
        {
            await Harness.DisposeAsync();
        }

        gatewayKey.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
