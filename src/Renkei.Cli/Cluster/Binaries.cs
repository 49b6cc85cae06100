using System.Diagnostics;
using System.Reflection;

namespace Renkei.Cli.Cluster;

/// <summary>Where the cluster's programs are: nats-server on PATH, Debian's PostgreSQL binaries, this renkei binary.</summary>
internal static class Binaries
{
    /// <summary>The first <paramref name="name"/> on <paramref name="path"/> (PATH's folders), or null.</summary>
    public static string? OnPath(string name, string? path)
    {
        foreach (var folder in (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The newest <c>/usr/lib/postgresql/VERSION/bin</c> holding initdb and postgres, or null.</summary>
    public static string? PostgresBin(string root = "/usr/lib/postgresql")
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Folder: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Folder, "initdb")) && File.Exists(Path.Combine(d.Folder, "postgres")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Folder)
            .FirstOrDefault();
    }

    /// <summary>How to start this same renkei program with <paramref name="args"/> (the apphost, or dotnet with renkei.dll).</summary>
    public static ProcessStartInfo Renkei(IEnumerable<string> args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location is { Length: > 0 } dll ? dll : Path.Combine(AppContext.BaseDirectory, "renkei.dll"));
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
