using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Renkei.Gateway.Audit;
using Renkei.Hosting.Audit;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Tso.Node;

namespace Renkei.Cli.Audit;

/// <summary>
/// <c>renkei audit</c>: an operator's queries over an audit log, and a check of its hash chain: the gateway's (every
/// data access and every denial) or, with <c>--node</c>, an internal node's own (every call it refused).
/// </summary>
internal static class AuditCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Build()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The demo's data folder (the gateway's log is gateway/audit/audit.log)", DefaultValueFactory = _ => new DirectoryInfo("renkei-data") };
        var node = new Option<string>("--node")
        {
            Description = "Whose log in the demo's data folder: gateway (every data access and denial), or an internal node's own log of refused calls: metering (metering/audit/audit.log), switching (switching/audit/audit.log), tso-01 … tso-10 (tso-NN/audit/tso-NN/audit.log)",
            DefaultValueFactory = _ => "gateway",
        };
        var file = new Option<FileInfo?>("--file", "--log") { Description = "An audit.log file (instead of --data and --node), e.g. <serve metering --data>/audit/audit.log" };
        var client = new Option<string?>("--client") { Description = "Only this client ID" };
        var retailer = new Option<string?>("--retailer") { Description = "Only this retailer code" };
        var point = new Option<string?>("--supply-point") { Description = "Only this supply point" };
        var denied = new Option<bool>("--denied") { Description = "Only denials" };
        var since = new Option<string?>("--since") { Description = "From this instant (ISO 8601)" };
        var limit = new Option<int>("--limit") { Description = "At most this many (the newest)", DefaultValueFactory = _ => 100 };
        var verify = new Option<bool>("--verify") { Description = "Check the hash chain instead of listing" };
        var command = new Command("audit", "Query an append-only audit log (one JSON object per line) or verify its hash chain: the gateway's, or an internal node's log of refused calls (--node)")
        {
            data, node, file, client, retailer, point, denied, since, limit, verify,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(file) is not null && parse.GetResult(node) is { Implicit: false })
            {
                Console.Error.WriteLine("renkei audit: give --file or --node, not both");
                return 1;
            }

            if (NodeLog(parse.GetValue(data)!.FullName, parse.GetValue(node)!) is not { } nodePath)
            {
                Console.Error.WriteLine($"renkei audit: --node {parse.GetValue(node)}: expected gateway, metering, switching or tso-01 … tso-10");
                return 1;
            }

            var path = parse.GetValue(file)?.FullName ?? nodePath;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"renkei audit: no audit log at {path}");
                return 1;
            }

            if (parse.GetValue(verify))
            {
                var broken = AuditLog.Verify(path, out var reason);
                Console.WriteLine(broken == 0 ? $"{path}: hash chain intact" : $"{path}: hash chain broken at line {broken}: {reason}");
                return broken == 0 ? 0 : 2;
            }

            DateTimeOffset? from = null;
            if (parse.GetValue(since) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    Console.Error.WriteLine("renkei audit: --since must be an ISO 8601 instant");
                    return 1;
                }

                from = parsed;
            }

            IReadOnlyList<AuditEntry> entries;
            try
            {
                entries = AuditLog.Read(path, new AuditQuery
                {
                    ClientId = parse.GetValue(client),
                    Retailer = parse.GetValue(retailer),
                    SupplyPoint = parse.GetValue(point),
                    Outcome = parse.GetValue(denied) ? AuditEntry.Denied : null,
                    Since = from,
                    Limit = parse.GetValue(limit),
                });
            }
            catch (AuditLogFormatException e)
            {
                Console.Error.WriteLine($"renkei audit: {e.Message}; renkei audit --verify checks the whole chain");
                return 2;
            }

            foreach (var e in entries)
            {
                Console.WriteLine(JsonSerializer.Serialize(e, Json));
            }

            return 0;
        });
        return command;
    }

    /// <summary>Where the demo keeps <paramref name="node"/>'s audit log under <paramref name="data"/>; null for an unknown node.</summary>
    internal static string? NodeLog(string data, string node)
    {
        // Each component of the demo keeps its data in <data>/<name>, and its log in that folder's audit/ (the
        // internal nodes' convention, InternalCallerMiddleware.AuditDirectory, which the gateway's folder follows too).
        if (node is "gateway" or "metering" or "switching")
        {
            return Path.Combine(InternalCallerMiddleware.AuditDirectory(Path.Combine(data, node)), AuditLog.FileName);
        }

        // The TSO nodes keep one log per area (TsoHostOptions.AuditDirectory): <tso data>/audit/tso-NN.
        if (node.Length == 6 && node.StartsWith("tso-", StringComparison.Ordinal)
            && int.TryParse(node.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var area) && area is >= 1 and <= 10)
        {
            var tso = new TsoHostOptions { DataDirectory = Path.Combine(data, node), Area = area };
            return Path.Combine(tso.AuditDirectory, AuditLog.FileName);
        }

        return null;
    }
}
