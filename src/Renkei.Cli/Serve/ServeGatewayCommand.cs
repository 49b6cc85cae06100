using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Renkei.Gateway;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Cli.Serve;

/// <summary>
/// <c>renkei serve gateway</c>: the DMZ gateway in its own process (HTTPS, OAuth2 tokens, the reverse proxy to the
/// internal nodes, the audit log), its store, certificate and keys in its data folder.
/// </summary>
internal static class ServeGatewayCommand
{
    /// <summary>The gateway's caller key in <c>&lt;data&gt;/keys/</c> (it signs every proxied and followed call).</summary>
    public const string KeyFile = "gateway-caller.pem";

    /// <summary>The public half, written beside it for the internal nodes to trust (<c>--gateway-key</c>).</summary>
    public const string PublicKeyFile = "gateway-caller.pub.pem";

    public static Command Build()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data folder: the gateway's store, TLS certificate (tls.pfx, generated on first start), token keys, audit log and keys/", Required = true };
        var listen = new Option<string>("--listen") { Description = "Address of the HTTPS listener (the DMZ address retailers reach)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTPS port (0 = any free port)", DefaultValueFactory = _ => 8443 };
        var metering = UrlOption.Create("--metering", "The metering node's internal URL (it trusts keys/gateway-caller.pub.pem with --gateway-key)", required: true);
        var meteringHttp2 = UrlOption.Create("--metering-http2", "The metering node's cleartext HTTP/2 URL (serve metering --http2-port), for the proxy's retailer requests (default: the proxy uses --metering)", required: false);
        var switching = UrlOption.Create("--switching", "The switching hub's internal URL (it trusts keys/gateway-caller.pub.pem with --gateway-key)", required: true);
        var accounts = new Option<FileInfo>("--accounts") { Description = "JSON file of the accounts registered at start: retailer clients, staff log-ins, the screens' client, whether operators may log in from the command line (docs/operations.md)", Required = true };
        var command = new Command("gateway", "The DMZ gateway: HTTPS, OAuth2 tokens, the reverse proxy to metering and switching, the audit log")
        {
            data, listen, port, metering, meteringHttp2, switching, accounts,
        };
        var ops = new OpsOptions();
        ops.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string name = "renkei serve gateway";
            var number = parse.GetValue(port);
            if (number is < 0 or > 65535)
            {
                await Console.Error.WriteLineAsync($"{name}: --port {number}: expected a port 0 to 65535");
                return 2;
            }

            if (!IPAddress.TryParse(parse.GetValue(listen), out var address))
            {
                await Console.Error.WriteLineAsync($"{name}: --listen {parse.GetValue(listen)}: not an IP address");
                return 2;
            }

            if (!ops.TryGet(name, parse, out var observability))
            {
                return 2;
            }

            var accountsFile = parse.GetValue(accounts)!;
            if (!accountsFile.Exists)
            {
                await Console.Error.WriteLineAsync($"{name}: --accounts {accountsFile.FullName}: no such file");
                return 2;
            }

            if (GatewayAccountsFile.TryLoad(accountsFile.FullName, out var error) is not { } registered)
            {
                await Console.Error.WriteLineAsync($"{name}: --accounts {error}");
                return 2;
            }

            var dataDirectory = parse.GetValue(data)!.FullName;
            using var folder = DataFolder.TryLock(name, dataDirectory, "gateway data folder");
            if (folder is null)
            {
                return 1;
            }

            var key = InternalCallerKey.LoadOrCreate(Path.Combine(dataDirectory, "keys", KeyFile));
            await File.WriteAllTextAsync(Path.Combine(dataDirectory, "keys", PublicKeyFile), key.ExportSubjectPublicKeyInfoPem(), cancellationToken);
            WebApplication app = await GatewayHost.BuildAsync(
                new GatewayHostOptions
                {
                    DataDirectory = dataDirectory,
                    ListenAddress = address,
                    Port = number,
                    MeteringUrl = UrlOption.Base(parse.GetValue(metering)!),
                    MeteringHttp2Url = parse.GetValue(meteringHttp2) is { } h2 ? UrlOption.Base(h2) : null,
                    SwitchingUrl = UrlOption.Base(parse.GetValue(switching)!),
                    CallerKey = key,
                    Clients = registered.Clients,
                    Staff = registered.Staff,
                    Screens = registered.Screens,
                    CommandLineClient = registered.CommandLineClient,
                    Observability = observability,
                },
                l =>
                {
                    l.SetMinimumLevel(LogLevel.Warning);
                    l.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
                },
                cancellationToken);
            await app.StartAsync(cancellationToken);
            Console.WriteLine($"gateway listening on {app.Urls.First()} ({registered.Clients.Count} retailer clients, {registered.Staff.Count} staff; certificate {Path.Combine(dataDirectory, Renkei.Gateway.Tls.GatewayCertificate.PemFileName)})");
            if (OpsOptions.Line(app.Services) is { } opsLine)
            {
                Console.WriteLine(opsLine);
            }

            await ServeSwitchingCommand.RunUntilStoppedAsync(app, cancellationToken);
            return 0;
        });
        return command;
    }
}
