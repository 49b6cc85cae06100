using System.Security.Cryptography.X509Certificates;

namespace Renkei.Client;

/// <summary>Where the gateway is and who the retailer system is.</summary>
public sealed class RenkeiClientOptions
{
    /// <summary>The gateway's base URL, e.g. <c>https://127.0.0.1:8443/</c>.</summary>
    public required Uri BaseAddress { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>The retailer's client certificate (with its private key), for gateways that bind tokens to it (RFC 8705).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// Trust exactly this server certificate (the demo's self-signed <c>tls.crt</c>) instead of the machine's trust
    /// store. Null: the usual chain validation.
    /// </summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>A cached token is replaced this long before it expires. Default 60 s.</summary>
    public TimeSpan RefreshBeforeExpiry { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long <see cref="RenkeiClient.ReadFeedAsync"/> waits between polls when following. Default 5 s.</summary>
    public TimeSpan FeedPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock token expiry is computed with (tests use a fake one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Time allowed for one request that is not a streamed download. Default 100 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);
}
