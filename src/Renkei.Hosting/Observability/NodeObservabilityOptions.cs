using System.Net;

namespace Renkei.Hosting.Observability;

/// <summary>
/// How a node is observed: its operations listener (<c>/metrics</c>, <c>/health/live</c>, <c>/health/ready</c>,
/// <c>/alerts</c>), the free-space threshold of its data folders, and where traces go (nowhere by default).
/// </summary>
public sealed class NodeObservabilityOptions
{
    /// <summary>The operations listener's address: loopback by default; a private address for a scraper elsewhere, never a public one.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>The operations listener's port (0: any free port, the default); null: no operations listener.</summary>
    public int? Port { get; set; } = 0;

    /// <summary>
    /// An OTLP endpoint (e.g. <c>http://127.0.0.1:4317</c>): traces and metrics are also exported there. By default the
    /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable, else none: no traces are recorded.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; } =
        Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } e && Uri.TryCreate(e, UriKind.Absolute, out var u) ? u : null;

    /// <summary>A data folder is low on space below the smaller of this and <see cref="MinFreePercent"/> of its volume (default 1 GiB).</summary>
    public long MinFreeBytes { get; set; } = 1L << 30;

    /// <summary>See <see cref="MinFreeBytes"/> (default 5 %).</summary>
    public double MinFreePercent { get; set; } = 5;

    /// <summary>Folders watched besides the node's data folder.</summary>
    public IList<string> Folders { get; } = [];
}
