using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;
using Renkei.Switching.Tso.Node;

namespace Renkei.Switching.Tests.Support;

/// <summary>
/// An area TSO node on real Kestrel (loopback) over a database of its own, seeded with its area's part of the hub's
/// store; it trusts only the hub's key. It can be stopped and started again on the same port (TSO down, then up).
/// </summary>
public sealed class TsoNode : IAsyncDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "renkei-tso-node", Guid.NewGuid().ToString("N"));
    private readonly ECDsa hubKey;
    private readonly int area;
    private WebApplication? app;
    private int port;

    private TsoNode(int area, TestDatabase database, ECDsa hubKey)
    {
        this.area = area;
        Database = database;
        this.hubKey = hubKey;
    }

    public TestDatabase Database { get; }

    /// <summary>The TSO's own operator key (it changes supply-point facts at the node).</summary>
    public ECDsa OperatorKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A client of this node signing as the TSO's operator.</summary>
    public HttpClient OperatorClient() =>
        new(new InternalCallerHandler(new InternalCallerSigner(OperatorKey, TsoRoutes.OperatorIssuer, TimeProvider.System), TsoRoutes.AudienceFor(area)) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = BaseAddress,
        };

    public Uri BaseAddress => new($"http://127.0.0.1:{port}/");

    /// <summary>Migrates <paramref name="database"/>, copies area <paramref name="area"/> of the hub's store into it and starts the node.</summary>
    public static async Task<TsoNode> StartAsync(int area, TestDatabase database, Harness hub, ECDsa hubKey)
    {
        var node = new TsoNode(area, database, hubKey);
        await database.MigrateAsync();
        await using (var source = hub.Database.CreateContext())
        await using (var target = database.CreateContext())
        {
            await TsoStoreSeed.CopyAreaAsync(source, target, area);
        }

        await node.StartAgainAsync();
        return node;
    }

    /// <summary>Starts the node (again, on the port it had).</summary>
    public async Task StartAgainAsync()
    {
        app = TsoHost.Build(new TsoHostOptions
        {
            Area = area,
            DataDirectory = directory,
            Port = port,
            Database = Database.Database,
            Callers = TsoHostOptions.TrustingHub(area, InternalCallerKey.PublicOnly(hubKey), operatorPublicKey: InternalCallerKey.PublicOnly(OperatorKey)),
        });
        await app.StartAsync();
        port = new Uri(app.Urls.First()).Port;
    }

    /// <summary>Stops the node: its port refuses connections until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    /// <summary>The hub's client of this node (the hub's key, issuer "switching").</summary>
    public TsoClient ClientFor(ECDsa key, string issuer = TsoRoutes.HubCallerName) =>
        new(area, () => BaseAddress, new InternalCallerSigner(key, issuer, TimeProvider.System), TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Database.DisposeAsync();
        OperatorKey.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
