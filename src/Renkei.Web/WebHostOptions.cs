using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Renkei.Web;

/// <summary>How to start the screens application.</summary>
public sealed class WebHostOptions
{
    /// <summary>Folder for the screens' data-protection keys (they encrypt the session cookie).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The operations listener (metrics, health, alerts), the free-space threshold and traces (docs/operations.md).</summary>
    public Renkei.Hosting.Observability.NodeObservabilityOptions Observability { get; init; } = new();

    /// <summary>Address to listen on (default 127.0.0.1).</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>HTTPS port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The TLS server certificate of the screens.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>The gateway's public base URL: the only place the screens get data from.</summary>
    public required Uri GatewayUrl { get; init; }

    /// <summary>The gateway's TLS certificate, pinned: the screens trust exactly this certificate for the gateway.</summary>
    public required X509Certificate2 GatewayCertificate { get; init; }

    /// <summary>
    /// The screens' OAuth2 client at the gateway: a confidential client of the authorization code flow with PKCE,
    /// registered with the redirect URI <c>https://&lt;screens host&gt;/signin-callback</c>.
    /// </summary>
    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>Log-in callbacks (code exchanges) allowed per end-user address per minute (the gateway limits its log-in page itself).</summary>
    public int LoginsPerAddressPerMinute { get; init; } = DefaultLoginsPerAddressPerMinute;

    /// <summary>The default of <see cref="LoginsPerAddressPerMinute"/>.</summary>
    public const int DefaultLoginsPerAddressPerMinute = 30;
}
