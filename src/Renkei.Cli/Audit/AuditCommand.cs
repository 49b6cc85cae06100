using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Renkei.Gateway.Audit;
using Renkei.Hosting.Audit;

namespace Renkei.Cli.Audit;

/// <summary><c>renkei audit</c>: an operator's queries over the gateway's audit log, and a check of its hash chain.</summary>
internal static class AuditCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Build()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The demo's data folder (the log is gateway/audit/audit.log)", DefaultValueFactory = _ => new DirectoryInfo("renkei-data") };
        var file = new Option<FileInfo?>("--file") { Description = "An audit.log file (instead of --data)" };
        var client = new Option<string?>("--client") { Description = "Only this client ID" };
        var retailer = new Option<string?>("--retailer") { Description = "Only this retailer code" };
        var point = new Option<string?>("--supply-point") { Description = "Only this supply point" };
        var denied = new Option<bool>("--denied") { Description = "Only denials" };
        var since = new Option<string?>("--since") { Description = "From this instant (ISO 8601)" };
        var limit = new Option<int>("--limit") { Description = "At most this many (the newest)", DefaultValueFactory = _ => 100 };
        var verify = new Option<bool>("--verify") { Description = "Check the hash chain instead of listing" };
        var command = new Command("audit", "Query the gateway's append-only audit log (one JSON object per line) or verify its hash chain")
        {
            data, file, client, retailer, point, denied, since, limit, verify,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)?.FullName ?? Path.Combine(parse.GetValue(data)!.FullName, "gateway", "audit", AuditLog.FileName);
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"renkei audit: no audit log at {path}");
                return 1;
            }

            if (parse.GetValue(verify))
            {
                var broken = AuditLog.Verify(path);
                Console.WriteLine(broken == 0 ? $"{path}: hash chain intact" : $"{path}: hash chain broken at line {broken}");
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

            var entries = AuditLog.Read(path, new AuditQuery
            {
                ClientId = parse.GetValue(client),
                Retailer = parse.GetValue(retailer),
                SupplyPoint = parse.GetValue(point),
                Outcome = parse.GetValue(denied) ? AuditEntry.Denied : null,
                Since = from,
                Limit = parse.GetValue(limit),
            });
            foreach (var e in entries)
            {
                Console.WriteLine(JsonSerializer.Serialize(e, Json));
            }

            return 0;
        });
        return command;
    }
}
