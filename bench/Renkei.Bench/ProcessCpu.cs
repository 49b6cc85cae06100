using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Renkei.Bench;

/// <summary>
/// CPU time spent by the bench: its own process (server and clients, which share it) and, on PostgreSQL, the server
/// processes that serve it (the scratch database's backends and the server's background processes, read from
/// /proc). On a shared machine wall-clock throughput depends on the neighbours; CPU seconds per application much less.
/// </summary>
internal sealed class ProcessCpu
{
    private readonly Dictionary<int, double> serverStart = [];
    private TimeSpan ownStart;

    /// <summary>The bench process's CPU seconds since <see cref="StartAsync"/>.</summary>
    public double OwnSeconds { get; private set; }

    /// <summary>The PostgreSQL server processes' CPU seconds since <see cref="StartAsync"/> (0 on SQLite, or where /proc cannot be read).</summary>
    public double ServerSeconds { get; private set; }

    public async Task StartAsync(string? server, string? database, CancellationToken cancellationToken)
    {
        ownStart = Process.GetCurrentProcess().TotalProcessorTime;
        if (server is not null && database is not null)
        {
            foreach (var pid in await ServerPidsAsync(server, database, cancellationToken).ConfigureAwait(false))
            {
                if (TicksOf(pid) is { } seconds)
                {
                    serverStart[pid] = seconds;
                }
            }
        }
    }

    public async Task StopAsync(string? server, string? database, CancellationToken cancellationToken)
    {
        OwnSeconds = (Process.GetCurrentProcess().TotalProcessorTime - ownStart).TotalSeconds;
        if (server is not null && database is not null)
        {
            var total = 0.0;
            foreach (var pid in await ServerPidsAsync(server, database, cancellationToken).ConfigureAwait(false))
            {
                if (TicksOf(pid) is { } seconds)
                {
                    total += seconds - serverStart.GetValueOrDefault(pid);
                }
            }

            ServerSeconds = total;
        }
    }

    /// <summary>The backends connected to <paramref name="database"/> and the server's own background processes.</summary>
    private static async Task<List<int>> ServerPidsAsync(string server, string database, CancellationToken cancellationToken)
    {
        var pids = new List<int>();
        var connection = new NpgsqlConnection(server);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = @db OR backend_type NOT IN ('client backend', 'autovacuum worker')", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue("db", database);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        pids.Add(reader.GetInt32(0));
                    }
                }
            }
        }

        return pids;
    }

    /// <summary>utime + stime of a process in seconds, from /proc/[pid]/stat (clock ticks of 1/100 s on Linux).</summary>
    private static double? TicksOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
