namespace Renkei.Gateway.Ips;

/// <summary>The gateway's intrusion-prevention limits. Defaults suit a production gateway; tests tighten them.</summary>
public sealed class GatewayLimits
{
    /// <summary>Requests one client (token subject) may make per <see cref="RateWindow"/>.</summary>
    public int RequestsPerClient { get; init; } = 2_000;

    /// <summary>Requests one source address may make per <see cref="RateWindow"/> (counts unauthenticated requests too).</summary>
    public int RequestsPerAddress { get; init; } = 4_000;

    public TimeSpan RateWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed authentications of one client ID from one address before both are locked out.</summary>
    public int FailuresBeforeLockout { get; init; } = 5;

    /// <summary>Failed authentications from one address (any client IDs) before the address is locked out.</summary>
    public int FailuresPerAddressBeforeLockout { get; init; } = 20;

    /// <summary>Failures older than this are forgotten.</summary>
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest request body (the token and revocation forms are small; data requests have none).</summary>
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// Largest body of a switching bulk upload (<c>POST /api/v1/switching/bulk/…</c>), raised for that route only and
    /// only once the caller is authenticated and authorised. Default 8 MiB.
    /// </summary>
    public long MaxBulkRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Largest body of a usage-information application (<c>POST /api/v1/switching/applications/usage-information</c>),
    /// which carries up to 5 attachments of 1 MiB in base64 (4/3 of their size): raised for that route only and only once
    /// the caller is authenticated and authorised. Default 8 MiB.
    /// </summary>
    public long MaxAttachmentRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    public int MaxRequestHeadersTotalBytes { get; init; } = 16 * 1024;

    public int MaxRequestLineBytes { get; init; } = 4 * 1024;

    public int MaxRequestHeaderCount { get; init; } = 40;

    /// <summary>All headers must arrive within this (slow-header attacks).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A body must arrive at least this fast after <see cref="MinBodyRateGracePeriod"/> (slow-body attacks; Kestrel wants a grace period over 1 s).</summary>
    public double MinBodyBytesPerSecond { get; init; } = 240;

    public TimeSpan MinBodyRateGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public long MaxConcurrentConnections { get; init; } = 10_000;

    /// <summary>Failed TLS handshakes audited one by one per source address per <see cref="TlsRefusalWindow"/>; the rest are counted (Audit.TlsRefusals).</summary>
    public int TlsRefusalLinesPerAddress { get; init; } = 10;

    /// <summary>Failed TLS handshakes audited one by one in all per <see cref="TlsRefusalWindow"/>.</summary>
    public int TlsRefusalLines { get; init; } = 100;

    public TimeSpan TlsRefusalWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Proxied requests (every route to the internal zone) forwarded at once; beyond, up to <see cref="ProxiedRequestQueue"/>
    /// wait, and the rest get <c>503</c> with <c>Retry-After</c> (<see cref="ProxyLoadShedding"/>). Default 256: four
    /// times the 64 connections of <c>renkei bench gateway</c>, which therefore never waits here.
    /// </summary>
    public int MaxProxiedRequestsInFlight { get; init; } = 256;

    /// <summary>Proxied requests that wait, oldest first, for one in flight to finish (0: none wait). Default 64.</summary>
    public int ProxiedRequestQueue { get; init; } = 64;

    /// <summary>The <c>Retry-After</c> of a shed request (whole seconds, at least 1). Default 1 s.</summary>
    public TimeSpan ShedRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Staff log-in form posts per source address per minute (the gateway's log-in page, Staff.StaffLogInPage).</summary>
    public int StaffLogInsPerAddressPerMinute { get; init; } = 30;
}
