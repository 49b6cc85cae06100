using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Store;

namespace Renkei.Switching;

/// <summary>How to start the switching node.</summary>
public sealed class SwitchingHostOptions
{
    /// <summary>Folder of the SQLite database (switching.db) when no other database is configured.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The operations listener (metrics, health, alerts), the free-space threshold and traces (docs/operations.md).</summary>
    public Renkei.Hosting.Observability.NodeObservabilityOptions Observability { get; init; } = new();

    /// <summary>Loopback port of the internal API; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Address of the internal API's listener: loopback by default, a private address when the gateway runs elsewhere.</summary>
    public System.Net.IPAddress ListenAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>
    /// Clients of the areas served by TSO nodes of their own (<see cref="Tso.Node.TsoHost"/>); their orders go through
    /// the outbox. The other served areas run an in-process TSO. Null or empty: every area in-process.
    /// </summary>
    public IReadOnlyCollection<Tso.Hub.TsoClient>? RemoteTsos { get; init; }

    /// <summary>Send the outbox's pending orders to the TSO nodes in the background (tests drive the rounds themselves).</summary>
    public bool RunTsoDispatcher { get; init; } = true;

    /// <summary>Pause between the outbox's rounds.</summary>
    public TimeSpan TsoPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The database; null means the SQLite file <see cref="DatabasePath"/>.</summary>
    public SwitchingDatabase? Database { get; init; }

    /// <summary>The clock of deadlines, switch dates and audit times; the system clock when null.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// The business calendar every date rule counts with (processing periods, deadlines, warnings): a deployment's or
    /// TSO's own (<c>--calendar FILE</c>, docs/formats.md "Business calendar file"); the shipped Japanese calendar
    /// (holidays, 12/29–1/3) when null.
    /// </summary>
    public Renkei.Domain.Calendar.BusinessCalendar? Calendar { get; init; }

    /// <summary>The areas (01–10) whose TSOs this hub routes to; all ten when null.</summary>
    public IReadOnlyCollection<int>? Areas { get; init; }

    /// <summary>Run the deadline sweep in the background (every minute).</summary>
    public bool RunDeadlineSweeper { get; init; } = true;

    /// <summary>Who may call the internal API (the gateway). Default: nobody, every request is refused.</summary>
    public InternalCallerTrust Callers { get; init; } = new() { Audience = Audience };

    /// <summary>
    /// Where IF_10310 fetches usage values: the metering node (<see cref="Applications.IF_10310_UsageValues.MeteringUsageSource"/>).
    /// Null: the node is not linked, and IF_10310 answers 503.
    /// </summary>
    public Applications.IF_10310_UsageValues.IUsageValuesSource? UsageValues { get; init; }

    /// <summary>The name internal callers address their proofs to.</summary>
    public const string Audience = "switching";

    /// <summary>
    /// What the gateway may call: the retailer routes it proxies, the contract feed it follows, the operator
    /// summary and the operator's consent-password issue. Not the TSO's side (<c>/internal/v1/tso/</c>) nor anything added later until it is listed here, so
    /// a compromised gateway cannot act as the TSO.
    /// </summary>
    public static IReadOnlyList<Renkei.Hosting.InternalAuth.InternalRoute> GatewayRoutes { get; } =
    [
        new(null, "/internal/v1/applications"),
        new(null, "/internal/v1/cancellation-relays"),
        new(null, "/internal/v1/bulk/"),
        new(null, "/internal/v1/notifications"),
        new("GET", "/internal/v1/changes"),
        new(null, "/internal/v1/supply-points/"),
        new("GET", "/internal/v1/wheeling-contracts/changes"),
        new("GET", "/internal/v1/operator/"),
        new("POST", "/internal/v1/operator/supply-points/"),
    ];

    /// <summary>
    /// What the metering node may call: the contract feed and the reading-schedule feed it follows (to know who
    /// supplies a point and to cut 確定使用量 into the point's reading periods).
    /// </summary>
    public static IReadOnlyList<Renkei.Hosting.InternalAuth.InternalRoute> MeteringRoutes { get; } =
    [
        new("GET", "/internal/v1/wheeling-contracts/changes"),
        new("GET", "/internal/v1/reading-schedules/changes"),
    ];

    public string DatabasePath => Path.Combine(DataDirectory, "switching.db");

    public SwitchingDatabase EffectiveDatabase => Database ?? SwitchingDatabase.SqliteFile(DatabasePath);
}
