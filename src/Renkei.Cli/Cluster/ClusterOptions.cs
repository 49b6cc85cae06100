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

    /// <summary>Gateway HTTPS port on 127.0.0.1 (0 = any free port).</summary>
    public int GatewayPort { get; init; } = 8443;

    /// <summary>Screens HTTPS port on 127.0.0.1 (0 = any free port).</summary>
    public int WebPort { get; init; } = 8444;

    /// <summary>The PATH searched for nats-server (default: this process's).</summary>
    public string? SearchPath { get; init; } = Environment.GetEnvironmentVariable("PATH");

    /// <summary>How long each part may take to say it listens.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
