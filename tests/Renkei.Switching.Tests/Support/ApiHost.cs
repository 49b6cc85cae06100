using Microsoft.AspNetCore.Builder;
using Renkei.Switching.Api;

namespace Renkei.Switching.Tests.Support;

/// <summary>The switching node on real Kestrel (loopback, free port) over a test database, and clients per retailer.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "renkei-switching-api", Guid.NewGuid().ToString("N"));
    private readonly List<HttpClient> clients = [];

    private ApiHost(Harness harness)
    {
        Harness = harness;
        app = SwitchingHost.Build(new SwitchingHostOptions
        {
            DataDirectory = directory,
            Port = 0,
            Database = harness.Database.Database,
            Clock = harness.Clock,
            RunDeadlineSweeper = false,
        });
    }

    public Harness Harness { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<ApiHost> StartAsync(Harness harness)
    {
        var host = new ApiHost(harness);
        await host.app.StartAsync();
        host.BaseAddress = new Uri(host.app.Urls.First() + "/");
        return host;
    }

    /// <summary>A client that calls as <paramref name="retailer"/> (the header the gateway sets), or anonymously.</summary>
    public HttpClient Client(string? retailer)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
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
        await Harness.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
