using System.Net;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso.Node;

/// <summary>How to start an area TSO node (<see cref="TsoHost"/>).</summary>
public sealed class TsoHostOptions
{
    /// <summary>The area (01–10) this node serves.</summary>
    public required int Area { get; init; }

    /// <summary>Folder of the SQLite database (tso-NN.db) when no other database is configured.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The operations listener (metrics, health, alerts), the free-space threshold and traces (docs/operations.md).</summary>
    public Renkei.Hosting.Observability.NodeObservabilityOptions Observability { get; init; } = new();

    /// <summary>Address of the listener (a private address; loopback by default).</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Port of the listener; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The TSO's own store; null means the SQLite file <see cref="DatabasePath"/>.</summary>
    public SwitchingDatabase? Database { get; init; }

    /// <summary>The clock of audit times; the system clock when null.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Who may call (the hub, for <see cref="TsoRoutes.PathPrefix"/>). Default: nobody.</summary>
    public InternalCallerTrust? Callers { get; init; }

    /// <summary>The trust of a TSO node that accepts only the hub (issuer <paramref name="hubName"/>), and only on the TSO's routes.</summary>
    /// <remarks>
    /// The hub posts orders and reads the node's supply-point changes (GET <see cref="TsoRoutes.PathPrefix"/>); the
    /// TSO's own operator (<paramref name="operatorPublicKey"/>, issuer <c>operator</c>) changes supply-point facts
    /// (<see cref="TsoRoutes.OperatorPathPrefix"/>), which the hub may not.
    /// </remarks>
    public static InternalCallerTrust TrustingHub(int area, System.Security.Cryptography.ECDsa hubPublicKey, string hubName = TsoRoutes.HubCallerName, System.Security.Cryptography.ECDsa? operatorPublicKey = null) => new()
    {
        Audience = TsoRoutes.AudienceFor(area),
        Callers = operatorPublicKey is null
            ? [new InternalCaller(hubName, hubPublicKey, [new InternalRoute("POST", TsoRoutes.PathPrefix), new InternalRoute("GET", TsoRoutes.PathPrefix)])]
            :
            [
                new InternalCaller(hubName, hubPublicKey, [new InternalRoute("POST", TsoRoutes.PathPrefix), new InternalRoute("GET", TsoRoutes.PathPrefix)]),
                new InternalCaller(TsoRoutes.OperatorIssuer, operatorPublicKey, [new InternalRoute(null, TsoRoutes.OperatorPathPrefix)]),
            ],
    };

    /// <summary>
    /// The folder of this node's audit log of refused calls: <c>&lt;data&gt;/audit/tso-NN</c> (one per area, as the
    /// database file is, so that TSO nodes sharing a data folder never write one chain from two processes).
    /// </summary>
    public string AuditDirectory => Path.Combine(InternalCallerMiddleware.AuditDirectory(DataDirectory), TsoRoutes.AudienceFor(Area));

    public string DatabasePath => Path.Combine(DataDirectory, $"tso-{Area:D2}.db");

    public SwitchingDatabase EffectiveDatabase => Database ?? SwitchingDatabase.SqliteFile(DatabasePath);
}
