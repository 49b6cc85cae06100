using System.Security.Cryptography;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering;
using Renkei.Switching.Applications.IF_10310_UsageValues;

namespace Renkei.Cli.Composition;

/// <summary>
/// Who a metering node trusts, for which routes: the gateway (retailer reads, the operator dashboard, the change
/// feed), the HES (posting reads) and the switching hub (IF_10310's usage values). The same lists in <c>renkei demo</c>
/// and <c>renkei serve metering</c> (docs/security.md).
/// </summary>
internal static class MeteringCallers
{
    /// <summary>The routes the gateway may use at a metering node.</summary>
    public static IReadOnlyList<InternalRoute> GatewayRoutes { get; } =
    [
        new InternalRoute("GET", "/internal/v1/supply-points/"),
        new InternalRoute("GET", Renkei.Metering.Provision.RetailerDataApi.Prefix + "/"),

        // The operator dashboard's routes (the gateway lets only operator tokens use them).
        new InternalRoute("GET", "/internal/v1/status"),
        new InternalRoute("GET", "/internal/v1/slots/"),
        new InternalRoute("GET", "/internal/v1/operator/"),

        // The webhook dispatcher follows slot publications.
        new InternalRoute("GET", "/internal/v1/changes"),
    ];

    /// <summary>The HES's only route: posting batches of reads.</summary>
    public static IReadOnlyList<InternalRoute> HesRoutes { get; } = [new InternalRoute("POST", "/internal/v1/hes/reads")];

    /// <summary>The caller name the HES signs its batches with.</summary>
    public const string HesName = "hes";

    /// <summary>The callers a metering node trusts: <paramref name="others"/> plus each given public key with its routes.</summary>
    public static InternalCallerTrust Trust(ECDsa? gateway, ECDsa? hes, ECDsa? switching, IEnumerable<InternalCaller>? others = null)
    {
        List<InternalCaller> callers = [.. others ?? []];
        if (gateway is not null)
        {
            callers.Add(new InternalCaller("gateway", gateway, [.. GatewayRoutes]));
        }

        if (hes is not null)
        {
            callers.Add(new InternalCaller(HesName, hes, [.. HesRoutes]));
        }

        if (switching is not null)
        {
            // The hub reads usage values (IF_10310) and nothing else: its own route, GET only.
            callers.Add(new InternalCaller(MeteringUsageSource.CallerName, switching, [new InternalRoute("GET", MeteringUsageSource.PathPrefix)]));
        }

        return new InternalCallerTrust { Audience = MeteringHostOptions.Audience, Callers = callers };
    }
}
