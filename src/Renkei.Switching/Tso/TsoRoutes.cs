using System.Text.Json;

namespace Renkei.Switching.Tso;

/// <summary>
/// The wire between the hub and an area's TSO node (docs/architecture.md, "The hub and the TSOs"): the routes the
/// node serves (<see cref="Node.TsoApi"/>) and the hub calls (<see cref="Hub.TsoClient"/>), the names on the callers'
/// proofs, and the JSON form of the orders and answers.
/// </summary>
public static class TsoRoutes
{
    /// <summary>The path prefix of the TSO's side; the hub is the only caller trusted for it.</summary>
    public const string PathPrefix = "/internal/v1/tso/";

    /// <summary>The path prefix of the TSO's own operators (its supply-point changes); the hub is not trusted for it.</summary>
    public const string OperatorPathPrefix = "/internal/v1/tso-operator/";

    /// <summary>The hub's name as an internal caller (the issuer of its proofs; the same key it shows metering).</summary>
    public const string HubCallerName = "switching";

    /// <summary>The issuer name of the TSO operator's proofs.</summary>
    public const string OperatorIssuer = "operator";

    /// <summary>The JSON form of orders, answers and pages on the wire and in the outbox and receipt rows.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The audience name of area <paramref name="area"/>'s node, e.g. <c>tso-03</c>: a proof for one area is refused by another.</summary>
    public static string AudienceFor(int area) => $"tso-{area:D2}";

    /// <summary>The path of an area's switch orders, e.g. <c>internal/v1/tso/03/switches</c> (relative).</summary>
    public static string SwitchesPath(int area) => $"internal/v1/tso/{area:D2}/switches";

    /// <summary>The path of an area's move-in / move-out orders (relative).</summary>
    public static string SupplyChangesPath(int area) => $"internal/v1/tso/{area:D2}/supply-changes";

    /// <summary>The path of an area's ampere-change orders (relative).</summary>
    public static string AmpereChangesPath(int area) => $"internal/v1/tso/{area:D2}/ampere-changes";

    /// <summary>The path of an area's customer-details orders (relative).</summary>
    public static string CustomerDetailsPath(int area) => $"internal/v1/tso/{area:D2}/customer-details";

    /// <summary>The relative path of an area's wheeling contracts (the hub's reconciliation reads them).</summary>
    public static string ContractsPath(int area, string? after, int limit) =>
        $"internal/v1/tso/{area:D2}/wheeling-contracts?limit={limit}" + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));

    /// <summary>The relative path of an area's supply-point changes (the hub reads them).</summary>
    public static string PointChangesPath(int area, long after, int limit) => $"internal/v1/tso/{area:D2}/point-changes?after={after}&limit={limit}";
}
