using Renkei.Domain.Time;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering.Engine;

namespace Renkei.Metering;

/// <summary>How to start a metering node.</summary>
public sealed class MeteringHostOptions
{
    /// <summary>Folder for the read log.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Loopback port of the internal API; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>The first slot the closer publishes (normally the first slot of the oldest day in the window).</summary>
    public required Slot FirstSlotToClose { get; init; }

    public IntervalEngineOptions Engine { get; init; } = new();

    /// <summary>Who may call the internal API (the gateway, the HES feed). Default: nobody, every request is refused.</summary>
    public InternalCallerTrust Callers { get; init; } = new() { Audience = Audience };

    /// <summary>The name internal callers address their proofs to.</summary>
    public const string Audience = "metering";
}
