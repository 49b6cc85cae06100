using Renkei.Bench;
using Renkei.Gateway.Ips;

namespace Renkei.Cli.Demo;

/// <summary>The demo as <c>renkei bench gateway</c> sees it: started on free ports, its screens unused.</summary>
internal sealed class DemoBenchComposition : IDemoComposition
{
    private readonly DemoHost demo;

    private DemoBenchComposition(DemoHost demo)
    {
        this.demo = demo;
        var retailer = demo.Credentials.Retailers[0];
        Retailer = new DemoRetailerClient(retailer.ClientId, retailer.ClientSecret, retailer.SuppliesToday[0]);
    }

    public string DataDirectory => demo.Options.DataDirectory;

    public Uri GatewayUrl => demo.GatewayUrl;

    public Uri MeteringUrl => demo.MeteringUrl;

    public string CaCertificate => demo.Credentials.CaCertificate;

    public DemoRetailerClient Retailer { get; }

    public string Yesterday => demo.Credentials.Simulation.Yesterday;

    public static async Task<IDemoComposition> StartAsync(string dataDirectory, int meters, GatewayLimits limits, CancellationToken cancellationToken)
    {
        var demo = await DemoHost.StartAsync(
            new DemoOptions
            {
                DataDirectory = dataDirectory,
                Meters = meters,
                GatewayPort = 0,
                WebPort = 0,
                GatewayLimits = limits,
            },
            TextWriter.Null,
            cancellationToken).ConfigureAwait(false);
        return new DemoBenchComposition(demo);
    }

    public ValueTask DisposeAsync() => demo.DisposeAsync();
}
