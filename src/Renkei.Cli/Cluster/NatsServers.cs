using System.Diagnostics;
using System.Globalization;

namespace Renkei.Cli.Cluster;

/// <summary>
/// Three <c>nats-server</c> processes clustered on loopback ports, JetStream on with file storage under
/// <c>&lt;data&gt;/nats/nN</c>: the read log's stream is replicated on all three (R3), so one may die.
/// </summary>
internal static class NatsServers
{
    public const int Count = 3;

    /// <summary>Writes each server's configuration and starts them; returns once each logs that it is ready.</summary>
    /// <remarks>Each started server is added to <paramref name="started"/> at once, for the caller to stop whatever happens next.</remarks>
    public static async Task<IReadOnlyList<ChildProcess>> StartAsync(string binary, string data, int[] clientPorts, int[] routePorts, string logs, List<ChildProcess> started, TimeSpan timeout)
    {
        var folder = Path.Combine(data, "nats");
        Directory.CreateDirectory(folder);
        var routes = string.Join(", ", routePorts.Select(p => string.Create(CultureInfo.InvariantCulture, $"nats-route://127.0.0.1:{p}")));
        var servers = new List<ChildProcess>();
        for (var i = 0; i < Count; i++)
        {
            var config = Path.Combine(folder, $"n{i}.conf");
            await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
                server_name: n{{i}}
                listen: 127.0.0.1:{{clientPorts[i]}}
                jetstream { store_dir: "{{Path.Combine(folder, $"n{i}")}}" }
                cluster {
                  name: renkei
                  listen: 127.0.0.1:{{routePorts[i]}}
                  routes: [{{routes}}]
                }
                """)).ConfigureAwait(false);
            var start = new ProcessStartInfo(binary) { ArgumentList = { "-c", config } };
            var server = ChildProcess.Start("nats", $"nats-{i}", start, Path.Combine(logs, $"nats-{i}.log"));
            server.Url = string.Create(CultureInfo.InvariantCulture, $"nats://127.0.0.1:{clientPorts[i]}");
            servers.Add(server);
            started.Add(server);
        }

        foreach (var server in servers)
        {
            await server.WaitForLineAsync("Server is ready", timeout).ConfigureAwait(false);
        }

        return servers;
    }
}
