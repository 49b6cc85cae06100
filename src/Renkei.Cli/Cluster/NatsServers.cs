using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Renkei.Hosting.Tls;
using Renkei.Metering.Cluster;

namespace Renkei.Cli.Cluster;

/// <summary>
/// Three <c>nats-server</c> processes clustered on loopback ports, JetStream on with file storage under
/// <c>&lt;data&gt;/nats/nN</c>: the read log's stream is replicated on all three (R3), so one may die.
/// <para>
/// Secured as a deployment must be (docs/security.md, "NATS"): clients and routes speak TLS only, with a certificate
/// for the servers issued by the cluster's own CA (<c>&lt;data&gt;/ca/ca.crt</c>); routes verify each other's
/// certificate against the CA. Each area has a metering user and a HES user with the permissions of
/// <see cref="NatsPermissions"/>; their passwords are random, written to <c>&lt;data&gt;/nats/users/&lt;user&gt;.password</c>
/// (owner only), and the servers' configuration holds only their bcrypt hashes.
/// </para>
/// </summary>
internal static class NatsServers
{
    public const int Count = 3;

    /// <summary>What a node needs to connect: the CA file and the folder of the users' password files.</summary>
    public sealed record Access(string CaFile, string UsersFolder)
    {
        public string PasswordFile(string user) => Path.Combine(UsersFolder, $"{user}.password");
    }

    /// <summary>Issues the certificate, writes each server's configuration and starts them; returns once each logs that it is ready.</summary>
    /// <remarks>Each started server is added to <paramref name="started"/> at once, for the caller to stop whatever happens next.</remarks>
    public static async Task<(IReadOnlyList<ChildProcess> Servers, Access Access)> StartAsync(
        string binary, string data, IReadOnlyList<string> areas, int[] clientPorts, int[] routePorts, string logs, List<ChildProcess> started, TimeSpan timeout)
    {
        var folder = Path.Combine(data, "nats");
        Directory.CreateDirectory(folder);
        using var ca = PrivateCertificateAuthority.LoadOrCreate(Path.Combine(data, "ca"), "Renkei cluster CA");
        var (certificate, key) = ca.IssueServer(Path.Combine(folder, "tls"), "nats-server", "Renkei NATS", ["127.0.0.1", "localhost"]);
        var access = new Access(ca.CertificatePath, Path.Combine(folder, "users"));
        var hashes = WritePasswords(access, areas);
        var authorization = NatsPermissions.AuthorizationBlock(areas, user => hashes[user]);
        var tls = $$"""cert_file: "{{certificate}}", key_file: "{{key}}", ca_file: "{{ca.CertificatePath}}", timeout: 5""";
        var routes = string.Join(", ", routePorts.Select(p => string.Create(CultureInfo.InvariantCulture, $"nats-route://127.0.0.1:{p}")));
        var servers = new List<ChildProcess>();
        for (var i = 0; i < Count; i++)
        {
            var config = Path.Combine(folder, $"n{i}.conf");
            await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
                server_name: n{{i}}
                listen: 127.0.0.1:{{clientPorts[i]}}
                tls { {{tls}} }
                jetstream { store_dir: "{{Path.Combine(folder, $"n{i}")}}" }
                cluster {
                  name: renkei
                  listen: 127.0.0.1:{{routePorts[i]}}
                  routes: [{{routes}}]
                  tls { {{tls}}, verify: true }
                }
                {{authorization}}
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

        return (servers, access);
    }

    /// <summary>A fresh random password for each area's metering and HES user, written owner-only; returns their bcrypt hashes.</summary>
    private static Dictionary<string, string> WritePasswords(Access access, IEnumerable<string> areas)
    {
        Directory.CreateDirectory(access.UsersFolder);
        var hashes = new Dictionary<string, string>();
        foreach (var user in areas.SelectMany(a => new[] { NatsPermissions.MeteringUser(a), NatsPermissions.HesUser(a) }))
        {
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
            var file = access.PasswordFile(user);
            File.WriteAllText(file, string.Empty);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllText(file, password + "\n");
            hashes[user] = BCrypt.Net.BCrypt.HashPassword(password, workFactor: 10);
        }

        return hashes;
    }
}
