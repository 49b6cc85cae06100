using Renkei.Gateway.Ips;

namespace Renkei.Bench;

/// <summary>
/// The system <c>bench gateway</c> measures: gateway, metering and switching running in this process as
/// <c>renkei demo</c> composes them. The program that hosts the benchmarks (the composition root) starts it, so the
/// benchmarks do not depend on the program.
/// </summary>
public interface IDemoComposition : IAsyncDisposable
{
    /// <summary>The data folder of the running demo (its gateway's certificate and caller key sit under <c>gateway/</c>).</summary>
    string DataDirectory { get; }

    /// <summary>The gateway's HTTPS address.</summary>
    Uri GatewayUrl { get; }

    /// <summary>The metering node's internal HTTP/1.1 address.</summary>
    Uri MeteringUrl { get; }

    /// <summary>The file of the CA certificate that issued the gateway's certificate.</summary>
    string CaCertificate { get; }

    /// <summary>A retailer's OAuth2 client and one supply point it supplies today.</summary>
    DemoRetailerClient Retailer { get; }

    /// <summary>Yesterday in the demo's clock (<c>yyyy-MM-dd</c>): a day with intervals for the retailer's point.</summary>
    string Yesterday { get; }
}

/// <summary>A demo retailer's OAuth2 client and one supply point it supplies today.</summary>
public sealed record DemoRetailerClient(string ClientId, string ClientSecret, string SupplyPoint);

/// <summary>Starts the demo composition with <paramref name="meters"/> simulated meters and the given gateway limits in <paramref name="dataDirectory"/>.</summary>
public delegate Task<IDemoComposition> StartDemoComposition(string dataDirectory, int meters, GatewayLimits limits, CancellationToken cancellationToken);
