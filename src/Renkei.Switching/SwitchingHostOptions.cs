using Renkei.Hosting.InternalAuth;

namespace Renkei.Switching;

/// <summary>How to start the switching node.</summary>
public sealed class SwitchingHostOptions
{
    /// <summary>Folder of the SQLite database (switching.db).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Loopback port of the internal API; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Who may call the internal API (the gateway). Default: nobody, every request is refused.</summary>
    public InternalCallerTrust Callers { get; init; } = new() { Audience = Audience };

    /// <summary>The name internal callers address their proofs to.</summary>
    public const string Audience = "switching";

    public string DatabasePath => Path.Combine(DataDirectory, "switching.db");
}
