namespace Renkei.Cli.Demo;

/// <summary>What <c>renkei demo</c> writes to <c>&lt;data&gt;/demo.json</c> and prints: where to connect and as whom.</summary>
public sealed record DemoCredentials(
    string Gateway,
    string TokenEndpoint,
    string CaCertificate,
    DemoInternalUrls Internal,
    DemoSimulation Simulation,
    IReadOnlyList<DemoRetailer> Retailers)
{
    /// <summary>The screens' URL (log in with a retailer's staff user or the operator).</summary>
    public string Screens { get; init; } = string.Empty;

    /// <summary>The TSO operator's log-in to the screens (the dashboard).</summary>
    public DemoStaff? Operator { get; init; }
}

/// <summary>A staff log-in to the screens.</summary>
public sealed record DemoStaff(string User, string Password);

/// <summary>A point of another retailer that this one can apply to switch in, with what the search and 廃止取次 ask for.</summary>
public sealed record DemoSwitchInExample(string SupplyPointId, string CurrentRetailer, string Address, string HolderName, string HolderNameKana, string ContractNumber);

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
    string? SwitchedAwayToday)
{
    /// <summary>The retailer's staff log-in to the screens.</summary>
    public string? StaffUser { get; init; }

    public string? StaffPassword { get; init; }

    public DemoSwitchInExample? SwitchInExample { get; init; }
}
