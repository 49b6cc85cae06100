using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Renkei.Gateway.Auth;
using Renkei.Gateway.Tests.Auth;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Store;

/// <summary>
/// Two real gateway instances (each its own Kestrel, TLS certificate, data folder and audit log) on one PostgreSQL
/// database, as behind a load balancer: a token of one is accepted by the other for a proxied read, a revocation on
/// one holds on the other, and with one stopped the other serves the tokens it issued.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class TwoGatewayInstancesTests(InternalZone zone)
{
    private const string Date = "2026-11-09";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task TokenOfOneInstance_AcceptedByTheOther_RevocationHolds_AndSurvivesTheIssuerStopping()
    {
        await using var database = await GatewayTestDatabase.CreateAsync();

        // Both start at once: the start lock lets one create the schema and the keys, the other takes them.
        var starting = new[] { TestGateway.StartAsync(zone, postgres: database.ConnectionString), TestGateway.StartAsync(zone, postgres: database.ConnectionString) };
        await Task.WhenAll(starting);
        var a = await starting[0];
        await using var b = await starting[1];
        var onA = a.Client();
        var onB = b.Client();

        var token = await a.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, onA);
        using (var read = await TestGateway.GetIntervalsAsync(onB, token, Market.R1Only, Date))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var feed = b.App.Services.GetRequiredService<RevocationFeed>();
        await feed.Listening.WaitAsync(Timeout);
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        feed.Received += id => heard.TrySetResult(id);
        using (var revoke = await AccessTokenTests.RevokeAsync(onA, TestGateway.R1Id, TestGateway.R1Secret, token))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        await heard.Task.WaitAsync(Timeout);
        using (var revoked = await TestGateway.GetIntervalsAsync(onB, token, Market.R1Only, Date))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        }

        // Each instance audits what it served, in its own log.
        Assert.Empty(await a.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals"));
        var second = await a.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, onA);
        await a.DisposeAsync();
        using var afterStop = await TestGateway.GetIntervalsAsync(onB, second, Market.R1Only, Date);

        Assert.Equal(HttpStatusCode.OK, afterStop.StatusCode);
        var entries = await b.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals?date={Date}");
        Assert.Equal([200, 401, 200], entries.Select(e => e.Status));
    }

    [SkippableFact]
    public async Task StaffLogIn_FormOfOneInstancePostedToTheOther_CodeExchangedAtTheFirst()
    {
        await using var database = await GatewayTestDatabase.CreateAsync();
        Gateway.Staff.StaffAccount[] staff = [new("alice", "staff password one", "Alice", Market.R1)];
        await using var a = await TestGateway.StartAsync(zone, staff: staff, postgres: database.ConnectionString);
        await using var b = await TestGateway.StartAsync(zone, staff: staff, postgres: database.ConnectionString);

        // One browser (one cookie jar: the antiforgery cookie of A's form goes with the post to B) behind the balancer.
        var certificates = new[] { a.ServerCertificateHash, b.ServerCertificateHash };
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificates.Contains(certificate.GetCertHashString()),
            },
        };
        using var browserAtA = new HttpClient(handler, disposeHandler: false) { BaseAddress = a.Url };
        using var browserAtB = new HttpClient(handler, disposeHandler: false) { BaseAddress = b.Url };
        var flow = new StaffCodeFlow();

        using var redirect = await flow.LogInAsync(browserAtA, "alice", "staff password one", postTo: browserAtB);
        using var exchange = await StaffCodeFlow.ExchangeAsync(a.Client(), flow.CodeOf(redirect), flow.Verifier);

        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
    }

    [SkippableFact]
    public async Task InstanceWithOtherKeysInItsFolder_RefusesToStart_NamingTheKeys()
    {
        await using var database = await GatewayTestDatabase.CreateAsync();
        await using var first = await TestGateway.StartAsync(zone, postgres: database.ConnectionString);
        var folder = Path.Combine(zone.Root, "gateway-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using (var rsa = RSA.Create(2048))
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "token-signing.pem"), rsa.ExportPkcs8PrivateKeyPem());
        }

        await File.WriteAllBytesAsync(Path.Combine(folder, "token-encryption.key"), RandomNumberGenerator.GetBytes(32));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => TestGateway.StartAsync(zone, dataDirectory: folder, postgres: database.ConnectionString));

        Assert.Contains("are not the keys the other gateway instances use", refused.Message, StringComparison.Ordinal);
        Assert.Contains(folder, refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>A database of its own on the server named by RENKEI_TEST_POSTGRES (created, then dropped).</summary>
internal sealed class GatewayTestDatabase : IAsyncDisposable
{
    private const string Variable = "RENKEI_TEST_POSTGRES";
    private readonly string server;
    private readonly string name = "renkei_gw_" + Guid.NewGuid().ToString("N")[..16];

    private GatewayTestDatabase(string server)
    {
        this.server = server;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<GatewayTestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        Skip.If(string.IsNullOrEmpty(server), $"{Variable} is not set (source .ci/postgres.sh to run the PostgreSQL tests)");
        var db = new GatewayTestDatabase(server!);
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {db.name}", connection);
        await create.ExecuteNonQueryAsync();
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
