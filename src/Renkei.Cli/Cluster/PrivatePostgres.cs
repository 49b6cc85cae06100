using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace Renkei.Cli.Cluster;

/// <summary>
/// A PostgreSQL server of the cluster's own in <c>&lt;data&gt;/postgres</c>, from Debian's binaries: created once with
/// initdb (user <c>renkei</c>, a random password kept owner-readable beside it, SCRAM on loopback TCP), then its
/// postmaster runs as a child of the cluster (its death is seen at once, its output is in logs/postgres.log) and
/// stops with SIGINT (fast shutdown). As root, both run as the <c>postgres</c> user, which PostgreSQL requires.
/// </summary>
internal static class PrivatePostgres
{
    public const string User = "renkei";

    public static async Task<(ChildProcess Server, string ConnectionString)> StartAsync(string bin, string data, int port, string logs, TimeSpan timeout)
    {
        var folder = Path.Combine(data, "postgres");
        var cluster = Path.Combine(folder, "data");
        var passwordFile = Path.Combine(folder, "password");
        Directory.CreateDirectory(folder);
        if (!File.Exists(passwordFile))
        {
            await File.WriteAllTextAsync(passwordFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) + "\n").ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", folder]).ConfigureAwait(false);
        }

        if (!File.Exists(Path.Combine(cluster, "PG_VERSION")))
        {
            var init = Start(asRoot, Path.Combine(bin, "initdb"), ["-D", cluster, "-U", User, "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C"]);
            var child = ChildProcess.Start("postgres", "postgres-initdb", init, Path.Combine(logs, "postgres.log"));
            using (child)
            {
                if (await child.Exited.WaitAsync(timeout).ConfigureAwait(false) != 0)
                {
                    throw new ClusterStartException($"initdb failed; the last lines of {child.LogPath}:{Environment.NewLine}{child.Tail()}");
                }
            }
        }

        var postgres = Start(asRoot, Path.Combine(bin, "postgres"), ["-D", cluster, "-p", port.ToString(CultureInfo.InvariantCulture), "-h", "127.0.0.1", "-k", folder]);
        var server = ChildProcess.Start("postgres", "postgres", postgres, Path.Combine(logs, "postgres.log"));
        server.Url = string.Create(CultureInfo.InvariantCulture, $"postgresql://127.0.0.1:{port}");
        var password = (await File.ReadAllTextAsync(passwordFile).ConfigureAwait(false)).Trim();
        var connection = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = User, Password = password, Database = "postgres" }.ConnectionString;
        try
        {
            await server.WaitForLineAsync("database system is ready to accept connections", timeout).ConfigureAwait(false);
        }
        catch
        {
            await server.StopAsync(TimeSpan.FromSeconds(30), ChildProcess.SigInt).ConfigureAwait(false);
            server.Dispose();
            throw;
        }

        return (server, connection);
    }

    /// <summary>Runs <paramref name="program"/> as the <c>postgres</c> user when this process is root (setpriv execs it: the child's id is the program's).</summary>
    private static ProcessStartInfo Start(bool asRoot, string program, string[] args)
    {
        var start = asRoot ? new ProcessStartInfo("setpriv") { ArgumentList = { "--reuid=postgres", "--regid=postgres", "--init-groups", "--", program } } : new ProcessStartInfo(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new ClusterStartException($"{program} did not start");
        var error = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new ClusterStartException($"{program} {string.Join(' ', args)} failed: {error.Trim()}");
        }
    }
}
