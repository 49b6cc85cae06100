using Renkei.Domain.Time;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering.Engine;

namespace Renkei.Metering;

/// <summary>How to start a metering node.</summary>
public sealed class MeteringHostOptions
{
    /// <summary>Folder for the read log.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The operations listener (metrics, health, alerts), the free-space threshold and traces (docs/operations.md).</summary>
    public Renkei.Hosting.Observability.NodeObservabilityOptions Observability { get; init; } = new();

    /// <summary>Loopback port of the internal API; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// A second loopback port serving the same internal API over cleartext HTTP/2 (prior knowledge, no TLS, as the
    /// HTTP/1.1 port): the gateway's proxy multiplexes its requests over a few connections there, which costs it
    /// far less per request than one HTTP/1.1 exchange per connection (docs/performance.md). 0 picks a
    /// free port; null (the default) opens none. Same routes, same caller proofs; see <see cref="MeteringListeners"/>.
    /// </summary>
    public int? Http2Port { get; init; }

    /// <summary>The first slot the closer publishes (normally the first slot of the oldest day in the window).</summary>
    public required Slot FirstSlotToClose { get; init; }

    public IntervalEngineOptions Engine { get; init; } = new();

    /// <summary>
    /// Cluster mode: the read log is the area's JetStream stream on these NATS servers, replicated on three of them,
    /// instead of the file log in <see cref="DataDirectory"/> (docs/architecture.md). Null (the default): the file log.
    /// </summary>
    public Ingest.JetStream.JetStreamReadLogOptions? JetStream { get; init; }

    /// <summary>
    /// Cluster mode: the partitions of the area this node owns, through leases in a JetStream key-value bucket
    /// (<see cref="Cluster.PartitionLeases"/>). Null (the default, and always without <see cref="JetStream"/>): no leases.
    /// </summary>
    public Cluster.PartitionLeaseOptions? Leases { get; init; }

    /// <summary>Start with the slot closer held (<see cref="SlotCloser.Hold"/>) until the host calls <see cref="SlotCloser.Release"/>.</summary>
    public bool HoldSlotClosing { get; init; }

    /// <summary>Who may call the internal API (the gateway, the HES feed). Default: nobody, every request is refused.</summary>
    public InternalCallerTrust Callers { get; init; } = new() { Audience = Audience };

    /// <summary>Retailer data provision: sender code and name in the market XML, the file cache, part size, the bound.</summary>
    public Provision.ProvisionOptions Provision { get; init; } = new();

    /// <summary>
    /// Base URL of the switching node's internal API, whose wheeling-contract feed tells the node which retailer
    /// holds which supply point (for the retailer data routes). Null: no feed is followed and the retailer data
    /// routes see only what <see cref="Contracts"/> was given.
    /// </summary>
    public Uri? SwitchingUrl { get; init; }

    /// <summary>The metering node's own private key for caller proofs to switching (switching holds its public part and trusts it for the contract and reading-schedule feeds only).</summary>
    public System.Security.Cryptography.ECDsa? CallerKey { get; init; }

    /// <summary>The contract read model to use (default: a new one, fed from <see cref="SwitchingUrl"/>).</summary>
    public Renkei.Hosting.Contracts.ContractReadModel? Contracts { get; init; }

    /// <summary>The reading schedules (検針日程) that cut fixed usage into reading periods (default: a new model, fed from <see cref="SwitchingUrl"/>).</summary>
    public Renkei.Hosting.Contracts.ReadingScheduleReadModel? ReadingSchedules { get; init; }
    /// <summary>
    /// Base URL of the head-end (HES) the node asks to read meters again after each publication (<c>POST
    /// /internal/v1/hes/rereads</c>, signed with <see cref="CallerKey"/>, addressed to <c>hes</c>). Null (the
    /// default): no re-reads.
    /// </summary>
    public Uri? HesUrl { get; init; }

    /// <summary>
    /// The most HES batches in flight at once (being read, parsed or ingested; 1 to 1024, default 8). Ingest applies
    /// one batch at a time, so more in flight only wait, in memory: the one beyond the bound is answered <c>503</c> with
    /// <c>Retry-After</c> before its body is read, and the head-end sends it again (docs/reliability.md, "Back-pressure").
    /// </summary>
    public int MaxBatchesInFlight { get; init; } = DefaultMaxBatchesInFlight;

    /// <summary>The default of <see cref="MaxBatchesInFlight"/>.</summary>
    public const int DefaultMaxBatchesInFlight = 8;

    /// <summary>The largest <see cref="MaxBatchesInFlight"/> accepted.</summary>
    public const int MaxBatchesInFlightBound = 1024;

    /// <summary>How many times at most a missing read of a slot is asked for again (1 to 10; default 2).</summary>
    public int RereadAttempts { get; init; } = 2;

    /// <summary>How long one re-read request may take before it counts as unanswered (default 30 s).</summary>
    public TimeSpan RereadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The issuer name of the metering node's caller proofs.</summary>
    public const string CallerName = "metering";

    /// <summary>The name internal callers address their proofs to.</summary>
    public const string Audience = "metering";
}
