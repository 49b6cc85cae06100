namespace Renkei.Switching;

/// <summary>How to start the switching node.</summary>
public sealed class SwitchingHostOptions
{
    /// <summary>Folder of the SQLite database (switching.db).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Loopback port of the internal API; 0 picks a free one.</summary>
    public int Port { get; init; }

    public string DatabasePath => Path.Combine(DataDirectory, "switching.db");
}
