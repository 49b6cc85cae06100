using System.Security.Cryptography.X509Certificates;

namespace Renkei.Gateway.Webhooks;

/// <summary>How the gateway registers webhooks and delivers slot notices to them.</summary>
public sealed class WebhookOptions
{
    /// <summary>Whether the dispatcher runs (the webhook endpoints are always there). Default true.</summary>
    public bool DispatcherEnabled { get; init; } = true;

    /// <summary>How often the dispatcher asks the metering node for new publications and sends due notices. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per notice before it is given up (marked <c>failed</c>). Default 10.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Wait before the second attempt; each further wait doubles, up to <see cref="MaxRetryDelay"/>. Default 30 s.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between two attempts. Default 1 hour.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Time allowed for one POST (connect, TLS, answer). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Webhooks one retailer may register. Default 10.</summary>
    public int MaxPerRetailer { get; init; } = 10;

    /// <summary>
    /// Allow targets on loopback, private, link-local and other non-public addresses. Default false (the SSRF guard):
    /// only tests and closed lab set it, to reach a receiver on the same machine.
    /// </summary>
    public bool AllowPrivateTargets { get; init; }

    /// <summary>
    /// Extra certificates accepted as a target's TLS certificate although their chain does not validate (tests' self-signed
    /// receivers). Default none: targets need a certificate the gateway's machine trusts.
    /// </summary>
    public IReadOnlyList<X509Certificate2> TrustedTargetCertificates { get; init; } = [];
}
