using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Renkei.Gateway.Auth;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Webhooks;

namespace Renkei.Gateway;

/// <summary>How to start the gateway.</summary>
public sealed class GatewayHostOptions
{
    /// <summary>Folder for the gateway's store, TLS certificate, token keys and audit log.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// The gateway's store on PostgreSQL (an Npgsql connection string) instead of <c>gateway.db</c> in the data folder:
    /// several instances behind one load balancer share it, with the token keys and the data-protection keys kept in
    /// it too, so a token or a log-in form of one instance is accepted by the others. Each instance keeps its own data
    /// folder (audit log, TLS certificate, metrics). Null: <c>gateway.db</c>, one instance.
    /// </summary>
    public string? Postgres { get; init; }

    /// <summary>
    /// The token issuer (<c>iss</c>): the address retailer systems reach the gateway at. Null: the address of each
    /// request, which is right for one instance; instances behind one load balancer must all name the balancer's
    /// address, or each refuses the others' tokens. Required with <see cref="Postgres"/>.
    /// </summary>
    public Uri? Issuer { get; init; }

    /// <summary>The operations listener (metrics, health, alerts), the free-space threshold and traces (docs/operations.md).</summary>
    public Renkei.Hosting.Observability.NodeObservabilityOptions Observability { get; init; } = new();

    /// <summary>Address to listen on. Default 127.0.0.1 (the demo); a deployment sets its DMZ address.</summary>
    public System.Net.IPAddress ListenAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>HTTPS port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Base URL of the internal metering API.</summary>
    public required Uri MeteringUrl { get; init; }

    /// <summary>
    /// Base URL of the metering node's cleartext HTTP/2 port (<c>MeteringHostOptions.Http2Port</c>), or null. When
    /// set, the proxy forwards retailer requests to metering over HTTP/2 (prior knowledge, several streams per
    /// connection, more connections when one is full) instead of one HTTP/1.1 exchange per connection, which costs
    /// the gateway less CPU per request (docs/performance.md). The gateway's background followers keep
    /// <see cref="MeteringUrl"/>.
    /// </summary>
    public Uri? MeteringHttp2Url { get; init; }

    /// <summary>Base URL of the internal switching API.</summary>
    public required Uri SwitchingUrl { get; init; }

    /// <summary>
    /// The gateway's private key for internal caller proofs (see <c>Renkei.Hosting.InternalAuth</c>); the internal
    /// services hold only its public part.
    /// </summary>
    public required ECDsa CallerKey { get; init; }

    /// <summary>Retailer systems to register (or update) at start.</summary>
    public IReadOnlyList<RetailerClient> Clients { get; init; } = [];

    /// <summary>The screens application, the only client allowed the password grant (staff log-in); none when null.</summary>
    public Staff.ScreensClient? Screens { get; init; }

    /// <summary>
    /// Whether operators may log in from the command line (<c>renkei operator …</c>, <see cref="Staff.CommandLineClient"/>):
    /// registers its public client at start. Off by default; the demo turns it on.
    /// </summary>
    public bool CommandLineClient { get; init; }

    /// <summary>Staff accounts of the screens to register (or update) at start; passwords are stored only hashed.</summary>
    public IReadOnlyList<Staff.StaffAccount> Staff { get; init; } = [];

    /// <summary>Access token lifetime. Default 30 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The clock of tokens, lockouts and audit entries (tests use a fake one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public GatewayLimits Limits { get; init; } = new();

    /// <summary>Webhook delivery: retries, timeouts, the SSRF guard (see docs/security.md).</summary>
    public WebhookOptions Webhooks { get; init; } = new();

    /// <summary>The TLS server certificate; default: generated on first run into the data folder.</summary>
    public X509Certificate2? Certificate { get; init; }
}
