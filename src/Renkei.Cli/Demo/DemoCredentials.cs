namespace Renkei.Cli.Demo;

/// <summary>What <c>renkei demo</c> writes to <c>&lt;data&gt;/demo.json</c> and prints: where to connect and as whom.</summary>
public sealed record DemoCredentials(
    string Gateway,
    string TokenEndpoint,
    string CaCertificate,
    DemoInternalUrls Internal,
    DemoSimulation Simulation,
    IReadOnlyList<DemoRetailer> Retailers);

/// <summary>The internal (loopback-only) APIs, for operators; retailers never call these.</summary>
public sealed record DemoInternalUrls(string Metering, string Switching);

/// <summary>The simulated fleet and clock.</summary>
public sealed record DemoSimulation(int Meters, double Speed, string ReadsFrom, string Today, string Yesterday);

/// <summary>A demo retailer: its code, its OAuth2 client, a few supply points it supplies today and one it does not.</summary>
public sealed record DemoRetailer(
    string Code,
    string Name,
    string ClientId,
    string ClientSecret,
    IReadOnlyList<string> SuppliesToday,
    string DoesNotSupply,
    string? SwitchedAwayToday);
