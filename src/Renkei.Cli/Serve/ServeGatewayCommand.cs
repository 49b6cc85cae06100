using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Npgsql;
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
        var data = new Option<DirectoryInfo>("--data") { Description = "Data folder: the gateway's store (without --postgres), TLS certificate (tls.pfx, generated on first start, unless --certificate), token keys, audit log and keys/", Required = true };
        var metering = UrlOption.Create("--metering", "The metering node's internal URL (it trusts keys/gateway-caller.pub.pem with --gateway-key)", required: true);
        var meteringHttp2 = UrlOption.Create("--metering-http2", "The metering node's cleartext HTTP/2 URL (serve metering --http2-port), for the proxy's retailer requests (default: the proxy uses --metering)", required: false);
        var switching = UrlOption.Create("--switching", "The switching hub's internal URL (it trusts keys/gateway-caller.pub.pem with --gateway-key)", required: true);
        var accounts = new Option<FileInfo>("--accounts") { Description = "JSON file of the accounts registered at start: retailer clients, staff log-ins, the screens' client, whether operators may log in from the command line (docs/operations.md)", Required = true };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "The gateway's store on PostgreSQL (an Npgsql connection string) instead of <data>/gateway.db: several instances on one database share the clients, the token and data-protection keys and the revocations; needs --issuer",
        };
        var issuer = UrlOption.Create("--issuer", "The token issuer: the one address retailers reach the gateway at (the load balancer's, e.g. https://203.0.113.10); the same on every instance of one --postgres store (default: each request's own address, right for one instance)", required: false);
        var command = new Command("gateway", "The DMZ gateway: HTTPS, OAuth2 tokens, the reverse proxy to metering and switching, the audit log")
        {
            data, metering, meteringHttp2, switching, accounts, postgres, issuer,
        };
        var https = new HttpsServeOptions("Address of the HTTPS listener (the DMZ address retailers reach)", defaultPort: 8443, certificateDefault: "<data>/tls.pfx, generated on first start; instances behind one load balancer may share one");
        https.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string name = "renkei serve gateway";
            if (https.TryGet(name, parse) is not { } listener)
            {
                return 2;
            }

            var store = parse.GetValue(postgres) is { Length: > 0 } connection ? connection : null;
            var issuerUrl = parse.GetValue(issuer) is { } text ? UrlOption.Base(text) : null;
            if (store is not null && issuerUrl is null)
            {
                await Console.Error.WriteLineAsync($"{name}: --postgres needs --issuer: the one address all the gateway's instances are reached at (the load balancer's), or each instance refuses the tokens of the others");
                return 2;
            }

            if (issuerUrl is { Scheme: not "https" })
            {
                await Console.Error.WriteLineAsync($"{name}: --issuer {issuerUrl}: expected an https URL (retailers reach the gateway on HTTPS only)");
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
            WebApplication app;
            try
            {
                app = await GatewayHost.BuildAsync(
                    new GatewayHostOptions
                    {
                        DataDirectory = dataDirectory,
                        Postgres = store,
                        Issuer = issuerUrl,
                        ListenAddress = listener.Address,
                        Port = listener.Port,
                        Certificate = listener.Certificate,
                        MeteringUrl = UrlOption.Base(parse.GetValue(metering)!),
                        MeteringHttp2Url = parse.GetValue(meteringHttp2) is { } h2 ? UrlOption.Base(h2) : null,
                        SwitchingUrl = UrlOption.Base(parse.GetValue(switching)!),
                        CallerKey = key,
                        Clients = registered.Clients,
                        Staff = registered.Staff,
                        Screens = registered.Screens,
                        CommandLineClient = registered.CommandLineClient,
                        Observability = listener.Observability,
                    },
                    HttpsServeOptions.Quiet,
                    cancellationToken);
            }
            catch (Exception e) when (store is not null && e is NpgsqlException or ArgumentException or InvalidOperationException or TimeoutException)
            {
                // An unreachable server, a malformed connection string, or keys in the folder that are not the store's.
                await Console.Error.WriteLineAsync($"{name}: --postgres (the connection string is not shown: it may hold a password): {e.Message}{(e.InnerException is { } inner ? $" ({inner.GetType().Name}: {inner.Message})" : "")}");
                return 1;
            }

            var storeText = store is null ? "store gateway.db" : $"store PostgreSQL {new NpgsqlConnectionStringBuilder(store).Host}, issuer {issuerUrl}";
            await HttpsServeOptions.RunAsync(
                app,
                url => $"gateway listening on {url} ({registered.Clients.Count} retailer clients, {registered.Staff.Count} staff; {storeText}; certificate {listener.CertificateFile ?? Path.Combine(dataDirectory, Renkei.Gateway.Tls.GatewayCertificate.PemFileName)})",
                cancellationToken);
            return 0;
        });
        return command;
    }
}
