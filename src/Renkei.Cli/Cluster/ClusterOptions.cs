namespace Renkei.Cli.Cluster;

/// <summary>Settings of <c>renkei cluster</c>.</summary>
internal sealed class ClusterOptions
{
    /// <summary>
    /// Metering nodes per area that <c>--metering-nodes</c> accepts today. Several nodes of one area need the
    /// partition leases (issue 17, item 2), which are not built yet: two nodes would both consume the area's reads.
    /// Raising this is the one change once they are.
    /// </summary>
    public const int MaxMeteringNodesPerArea = 1;

    /// <summary>The data folder: every part's folder, logs/, cluster.json.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Simulated meters (the same fleet as <c>renkei demo --meters</c>).</summary>
    public int Meters { get; init; } = 10_000;

    /// <summary>An Npgsql connection string to create the stores' databases with; null starts a private server in the data folder.</summary>
    public string? Postgres { get; init; }

    /// <summary>Metering nodes per area (at most <see cref="MaxMeteringNodesPerArea"/>).</summary>
    public int MeteringNodes { get; init; } = 1;

    /// <summary>Most gateway instances <c>--gateways</c> accepts: enough to show one taking over, few enough for one machine.</summary>
    public const int MaxGateways = 4;

    /// <summary>
    /// Gateway instances (gateway-1, gateway-2, …) on one PostgreSQL store, as behind a load balancer: a token of one
    /// is accepted by the others. The printed address, demo.json and the screens use gateway-1.
    /// </summary>
    public int Gateways { get; init; } = 2;

    /// <summary>HTTPS port of gateway-1 on 127.0.0.1 (0 = any free port); the other instances take free ports.</summary>
    public int GatewayPort { get; init; } = 8443;

    /// <summary>Screens HTTPS port on 127.0.0.1 (0 = any free port).</summary>
    public int WebPort { get; init; } = 8444;

    /// <summary>The PATH searched for nats-server (default: this process's).</summary>
    public string? SearchPath { get; init; } = Environment.GetEnvironmentVariable("PATH");

    /// <summary>How long each part may take to say it listens.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
