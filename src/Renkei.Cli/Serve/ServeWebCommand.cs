using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
        var gateway = UrlOption.Create("--gateway", "The gateway's HTTPS URL (log-in and every call go there)", required: true);
        var gatewayCa = new Option<FileInfo>("--gateway-ca") { Description = "The gateway's TLS certificate (PEM; serve gateway writes <data>/tls.crt): the only one the screens accept from the gateway", Required = true };
        var clientId = new Option<string>("--client-id") { Description = "The screens' OAuth2 client at the gateway (the accounts file's screens.clientId)", DefaultValueFactory = _ => "renkei-screens" };
        var clientSecretFile = new Option<FileInfo>("--client-secret-file") { Description = "File holding the screens' client secret (one line; kept off the command line, where ps shows it)", Required = true };
        var command = new Command("web", "The screens: staff and operators log in through the gateway; HTTPS")
        {
            data, gateway, gatewayCa, clientId, clientSecretFile,
        };
        var https = new HttpsServeOptions("Address of the HTTPS listener", defaultPort: 8444, certificateDefault: "one generated in the data folder");
        https.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string name = "renkei serve web";
            if (https.TryGet(name, parse) is not { } listener)
            {
                return 2;
            }

            X509Certificate2 trusted;
            string secret;
            try
            {
                trusted = X509CertificateLoader.LoadCertificateFromFile(parse.GetValue(gatewayCa)!.FullName);
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"{name}: --gateway-ca {parse.GetValue(gatewayCa)!.FullName}: not a readable certificate ({e.Message})");
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
                    ListenAddress = listener.Address,
                    Port = listener.Port,
                    Certificate = listener.Certificate ?? GatewayCertificate.LoadOrCreate(dataDirectory),
                    GatewayUrl = UrlOption.Base(parse.GetValue(gateway)!),
                    GatewayCertificate = trusted,
                    ClientId = parse.GetValue(clientId)!,
                    ClientSecret = secret,
                    Observability = listener.Observability,
                },
                HttpsServeOptions.Quiet);
            await HttpsServeOptions.RunAsync(app, url => $"web listening on {url} (gateway {parse.GetValue(gateway)!.ToString().TrimEnd('/')})", cancellationToken);
            return 0;
        });
        return command;
    }
}
