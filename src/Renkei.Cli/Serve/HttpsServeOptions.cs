using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Renkei.Formats.Text;

namespace Renkei.Cli.Serve;

/// <summary>
/// What <c>renkei serve gateway</c> and <c>renkei serve web</c>, the two HTTPS listeners, share: <c>--listen</c>,
/// <c>--port</c>, <c>--certificate</c> and the operations listener's options, checked with the option's name in each
/// refusal; their logging (warnings only); and the start that prints the listening line and runs until stopped.
/// </summary>
internal sealed class HttpsServeOptions
{
    private readonly Option<string> listen;
    private readonly Option<int> port;
    private readonly Option<FileInfo?> certificate;
    private readonly OpsOptions ops = new();

    public HttpsServeOptions(string listenDescription, int defaultPort, string certificateDefault)
    {
        listen = new Option<string>("--listen") { Description = listenDescription, DefaultValueFactory = _ => "127.0.0.1" };
        port = new Option<int>("--port") { Description = "HTTPS port (0 = any free port)", DefaultValueFactory = _ => defaultPort };
        certificate = new Option<FileInfo?>("--certificate") { Description = $"The TLS certificate with its key (PKCS#12, no password). Default: {certificateDefault}" };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(listen);
        command.Options.Add(port);
        command.Options.Add(certificate);
        ops.AddTo(command);
    }

    /// <summary>The listener's settings from the command line, or null with the reason on stderr.</summary>
    public HttpsListener? TryGet(string name, ParseResult parse)
    {
        var number = parse.GetValue(port);
        if (number is < 0 or > 65535)
        {
            Console.Error.WriteLine($"{name}: --port {number}: expected a port 0 to 65535");
            return null;
        }

        var text = parse.GetValue(listen)!;
        if (!IPAddress.TryParse(text, out var address))
        {
            Console.Error.WriteLine($"{name}: --listen {Echo.Prefix(text)}: not an IP address");
            return null;
        }

        if (!ops.TryGet(name, parse, out var observability))
        {
            return null;
        }

        X509Certificate2? own = null;
        if (parse.GetValue(certificate) is { } pfx)
        {
            try
            {
                own = X509CertificateLoader.LoadPkcs12FromFile(pfx.FullName, password: null);
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{name}: --certificate {pfx.FullName}: not a readable certificate ({e.Message})");
                return null;
            }

            if (!own.HasPrivateKey)
            {
                own.Dispose();
                Console.Error.WriteLine($"{name}: --certificate {pfx.FullName}: holds no private key");
                return null;
            }
        }

        return new HttpsListener(address, number, own, own is null ? null : parse.GetValue(certificate)!.FullName, observability);
    }

    /// <summary>Warnings only; data protection's notes about its key ring only when they are errors.</summary>
    public static void Quiet(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
    }

    /// <summary>Starts the app, prints <paramref name="listening"/> of its address and the operations line, and runs until stopped.</summary>
    public static async Task RunAsync(WebApplication app, Func<string, string> listening, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        Console.WriteLine(listening(app.Urls.First()));
        if (OpsOptions.Line(app.Services) is { } opsLine)
        {
            Console.WriteLine(opsLine);
        }

        await ServeSwitchingCommand.RunUntilStoppedAsync(app, cancellationToken);
    }
}
