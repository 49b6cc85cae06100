namespace Renkei.Hosting.Observability;

/// <summary>
/// The names of Renkei's own meters, one per zone (their instruments are listed in docs/operations.md). Every node
/// exports all of them, so a meter created through the host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>
/// under one of these names is scraped without further wiring.
/// </summary>
public static class RenkeiMeters
{
    /// <summary>What every node has: free space of its data folders, its audit logs, its alerts.</summary>
    public const string Node = "Renkei.Node";

    public const string Metering = "Renkei.Metering";

    public const string Switching = "Renkei.Switching";

    public const string Gateway = "Renkei.Gateway";

    public const string Web = "Renkei.Web";

    internal static readonly string[] All = [Node, Metering, Switching, Gateway, Web];
}
