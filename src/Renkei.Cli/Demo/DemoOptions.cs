namespace Renkei.Cli.Demo;

/// <summary>Settings of <c>renkei demo</c>.</summary>
public sealed class DemoOptions
{
    /// <summary>The data folder (SQLite files, read log, certificates, demo.json).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Simulated meters (default 10,000).</summary>
    public int Meters { get; init; } = 10_000;

    /// <summary>
    /// Wipe the data folder's reads and market and start afresh. Without it, a data folder that holds a demo of
    /// another fleet size is refused (its read log would be replaced).
    /// </summary>
    public bool Reset { get; init; }

    /// <summary>Clock speed: 1 = real time, 60 = one simulated hour per real minute.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Gateway HTTPS port on 127.0.0.1 (default 8443; 0 = any free port).</summary>
    public int GatewayPort { get; init; } = 8443;

    /// <summary>HTTPS port of the screens on 127.0.0.1 (default 8444; 0 = any free port).</summary>
    public int WebPort { get; init; } = 8444;

    /// <summary>Loopback port of the internal metering API (0 = any free port).</summary>
    public int MeteringPort { get; init; }

    /// <summary>Loopback port of the internal switching API (0 = any free port).</summary>
    public int SwitchingPort { get; init; }

    /// <summary>How many times at most the metering node asks the head-end again for a read missing at a slot's cutoff (1 to 10; default 2).</summary>
    public int RereadAttempts { get; init; } = 2;
    /// <summary>The business calendar of the switching hub's date rules (<c>--calendar FILE</c>); the shipped Japanese one when null.</summary>
    public Renkei.Domain.Calendar.BusinessCalendar? Calendar { get; init; }

    /// <summary>The faults the simulated fleet injects (reads lost, late, meters that never answer a re-read); default: the demo's rates.</summary>
    public Renkei.Simulator.Fleet.FleetFaults Faults { get; init; } = new();

    /// <summary>Log at information level instead of warnings only.</summary>
    public bool Verbose { get; init; }

    /// <summary>The gateway's intrusion-prevention limits; default: production limits (the benchmark lifts the rate limits).</summary>
    public Renkei.Gateway.Ips.GatewayLimits? GatewayLimits { get; init; }

    /// <summary>The screens' log-ins (code exchanges) allowed per address and minute; default: the screens' own (30).</summary>
    public int? ScreensLogInsPerAddressPerMinute { get; init; }

    /// <summary>The metering node's operations listener and free-space threshold (default: its defaults).</summary>
    public Renkei.Hosting.Observability.NodeObservabilityOptions MeteringObservability { get; init; } = new();
}
