using System.CommandLine;
using System.Net;
using Renkei.Formats.Text;
using Renkei.Hosting.Observability;

namespace Renkei.Cli.Serve;

/// <summary>
/// The operations listener's options, the same on every <c>renkei serve</c> command: where <c>/metrics</c>,
/// <c>/health/live</c>, <c>/health/ready</c> and <c>/alerts</c> answer (docs/operations.md, "Monitoring").
/// </summary>
internal sealed class OpsOptions
{
    private readonly Option<int> port = new("--ops-port")
    {
        Description = "Port of the operations listener: /metrics, /health/live, /health/ready, /alerts (0 = any free port, -1 = none)",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<string> listen = new("--ops-listen")
    {
        Description = "Address of the operations listener: loopback by default; a private address for a scraper on another machine, never a public one",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(port);
        command.Options.Add(listen);
    }

    /// <summary>The node's observability options from the command line, or false with the reason on stderr.</summary>
    public bool TryGet(string name, ParseResult parse, out NodeObservabilityOptions options)
    {
        options = new NodeObservabilityOptions();
        var number = parse.GetValue(port);
        if (number is < -1 or > 65535)
        {
            Console.Error.WriteLine($"{name}: --ops-port {number}: expected a port 0 to 65535, or -1 for none");
            return false;
        }

        var text = parse.GetValue(listen)!;
        if (!IPAddress.TryParse(text, out var address))
        {
            Console.Error.WriteLine($"{name}: --ops-listen {Echo.Prefix(text)}: not an IP address");
            return false;
        }

        options.Port = number == -1 ? null : number;
        options.Address = address;
        return true;
    }

    /// <summary>The line a started node prints about its operations listener (null when it has none).</summary>
    public static string? Line(IServiceProvider services) =>
        NodeObservability.OpsUrl(services) is { } url ? $"operations {url.ToString().TrimEnd('/')}  (/metrics /health/live /health/ready /alerts)" : null;
}
