using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Renkei.Gateway.Tls;
using Renkei.Web;

namespace Renkei.Cli.Serve;

/// <summary>
/// <c>renkei serve web</c>: the screens (retailers' staff and operators) in their own process, on HTTPS, calling only
/// the gateway with their own OAuth2 client.
/// </summary>
internal static class ServeWebCommand
{
    public static Command Build()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data folder of the screens (their cookie keys; tls.pfx when --certificate is not given)", Required = true };
        var listen = new Option<string>("--listen") { Description = "Address of the HTTPS listener", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTPS port (0 = any free port)", DefaultValueFactory = _ => 8444 };
        var gateway = UrlOption.Create("--gateway", "The gateway's HTTPS URL (log-in and every call go there)", required: true);
        var gatewayCa = new Option<FileInfo>("--gateway-ca") { Description = "The gateway's TLS certificate (PEM; serve gateway writes <data>/tls.crt): the only one the screens accept from the gateway", Required = true };
        var certificate = new Option<FileInfo?>("--certificate") { Description = "The screens' own TLS certificate with its key (PKCS#12, no password). Default: one generated in the data folder" };
        var clientId = new Option<string>("--client-id") { Description = "The screens' OAuth2 client at the gateway (the accounts file's screens.clientId)", DefaultValueFactory = _ => "renkei-screens" };
        var clientSecretFile = new Option<FileInfo>("--client-secret-file") { Description = "File holding the screens' client secret (one line; kept off the command line, where ps shows it)", Required = true };
        var command = new Command("web", "The screens: staff and operators log in through the gateway; HTTPS")
        {
            data, listen, port, gateway, gatewayCa, certificate, clientId, clientSecretFile,
        };
        var ops = new OpsOptions();
        ops.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string name = "renkei serve web";
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

            X509Certificate2 trusted;
            X509Certificate2? own = null;
            string secret;
            try
            {
                trusted = X509CertificateLoader.LoadCertificateFromFile(parse.GetValue(gatewayCa)!.FullName);
                if (parse.GetValue(certificate) is { } pfx)
                {
                    own = X509CertificateLoader.LoadPkcs12FromFile(pfx.FullName, password: null);
                    if (!own.HasPrivateKey)
                    {
                        await Console.Error.WriteLineAsync($"{name}: --certificate {pfx.FullName}: holds no private key");
                        return 2;
                    }
                }
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"{name}: {(own is null && parse.GetValue(certificate) is { } c ? $"--certificate {c.FullName}" : $"--gateway-ca {parse.GetValue(gatewayCa)!.FullName}")}: not a readable certificate ({e.Message})");
                return 2;
            }

            try
            {
                secret = (await File.ReadAllTextAsync(parse.GetValue(clientSecretFile)!.FullName, cancellationToken)).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"{name}: --client-secret-file: {e.Message}");
                return 2;
            }

            if (secret.Length == 0)
            {
                await Console.Error.WriteLineAsync($"{name}: --client-secret-file {parse.GetValue(clientSecretFile)!.FullName}: the file is empty");
                return 2;
            }

            var dataDirectory = parse.GetValue(data)!.FullName;
            using var folder = DataFolder.TryLock(name, dataDirectory, "screens data folder");
            if (folder is null)
            {
                return 1;
            }

            var app = WebHost.Build(
                new WebHostOptions
                {
                    DataDirectory = dataDirectory,
                    ListenAddress = address,
                    Port = number,
                    Certificate = own ?? GatewayCertificate.LoadOrCreate(dataDirectory),
                    GatewayUrl = UrlOption.Base(parse.GetValue(gateway)!),
                    GatewayCertificate = trusted,
                    ClientId = parse.GetValue(clientId)!,
                    ClientSecret = secret,
                    Observability = observability,
                },
                l =>
                {
                    l.SetMinimumLevel(LogLevel.Warning);
                    l.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
                });
            await app.StartAsync(cancellationToken);
            Console.WriteLine($"web listening on {app.Urls.First()} (gateway {parse.GetValue(gateway)!.ToString().TrimEnd('/')})");
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
