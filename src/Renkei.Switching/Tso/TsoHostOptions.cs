using System.Net;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso;

/// <summary>How to start an area TSO node (<see cref="TsoHost"/>).</summary>
public sealed class TsoHostOptions
{
    /// <summary>The area (01–10) this node serves.</summary>
    public required int Area { get; init; }

    /// <summary>Folder of the SQLite database (tso-NN.db) when no other database is configured.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Address of the listener (a private address; loopback by default).</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Port of the listener; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The TSO's own store; null means the SQLite file <see cref="DatabasePath"/>.</summary>
    public SwitchingDatabase? Database { get; init; }

    /// <summary>The clock of audit times; the system clock when null.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>Who may call (the hub, for <see cref="TsoApi.PathPrefix"/>). Default: nobody.</summary>
    public InternalCallerTrust? Callers { get; init; }

    /// <summary>The audience name of area <paramref name="area"/>'s node, e.g. <c>tso-03</c>: a proof for one area is refused by another.</summary>
    public static string AudienceFor(int area) => $"tso-{area:D2}";

    /// <summary>The trust of a TSO node that accepts only the hub (issuer <paramref name="hubName"/>), and only on the TSO's routes.</summary>
    /// <remarks>
    /// The hub posts orders and reads the node's supply-point changes (GET <see cref="TsoApi.PathPrefix"/>); the
    /// TSO's own operator (<paramref name="operatorPublicKey"/>, issuer <c>operator</c>) changes supply-point facts
    /// (<see cref="TsoApi.OperatorPathPrefix"/>), which the hub may not.
    /// </remarks>
    public static InternalCallerTrust TrustingHub(int area, System.Security.Cryptography.ECDsa hubPublicKey, string hubName = TsoClient.HubCallerName, System.Security.Cryptography.ECDsa? operatorPublicKey = null) => new()
    {
        Audience = AudienceFor(area),
        Callers = operatorPublicKey is null
            ? [new InternalCaller(hubName, hubPublicKey, [new InternalRoute("POST", TsoApi.PathPrefix), new InternalRoute("GET", TsoApi.PathPrefix)])]
            :
            [
                new InternalCaller(hubName, hubPublicKey, [new InternalRoute("POST", TsoApi.PathPrefix), new InternalRoute("GET", TsoApi.PathPrefix)]),
                new InternalCaller(OperatorIssuer, operatorPublicKey, [new InternalRoute(null, TsoApi.OperatorPathPrefix)]),
            ],
    };

    /// <summary>The issuer name of the TSO operator's proofs.</summary>
    public const string OperatorIssuer = "operator";

    /// <summary>
    /// The folder of this node's audit log of refused calls: <c>&lt;data&gt;/audit/tso-NN</c> (one per area, as the
    /// database file is, so that TSO nodes sharing a data folder never write one chain from two processes).
    /// </summary>
    public string AuditDirectory => Path.Combine(InternalCallerMiddleware.AuditDirectory(DataDirectory), AudienceFor(Area));

    public string DatabasePath => Path.Combine(DataDirectory, $"tso-{Area:D2}.db");

    public SwitchingDatabase EffectiveDatabase => Database ?? SwitchingDatabase.SqliteFile(DatabasePath);
}
