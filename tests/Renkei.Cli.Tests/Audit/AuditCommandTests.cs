using System.Diagnostics;
using System.Text.Json;
using Renkei.Cli.Tests.Support;
using Renkei.Gateway.Audit;
using Renkei.Hosting.Audit;

namespace Renkei.Cli.Tests.Audit;

/// <summary>
/// <c>renkei audit</c>, the operator's query over the gateway's audit log, run as the real CLI process on a log
/// written by the gateway's own <see cref="AuditLog"/>: filters, the newest-first limit, the hash chain check (intact,
/// then broken by an edited line), and a clear error for bad input.
/// </summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "renkei-audit-cli-" + Guid.NewGuid().ToString("N"));

    private static AuditEntry Entry(int i, string client, string outcome) => new(
        new DateTimeOffset(2026, 11, 27, 12, 0, i, TimeSpan.Zero), client, "R0001", "127.0.0.1", "GET",
        $"/api/v1/supply-points/0310000000000000000002/intervals?date=2026-11-{i:D2}", "0310000000000000000002", $"2026-11-{i:D2}",
        outcome == AuditEntry.Allowed ? 200 : 404, outcome, outcome == AuditEntry.Allowed ? null : "no wheeling contract for this retailer on this date");

    [Fact]
    public async Task Audit_FiltersVerifyAndBadInput_AnswerAsAnOperatorNeeds()
    {
        await using (var log = new AuditLog(directory))
        {
            log.Append(Entry(1, "a", AuditEntry.Allowed));
            log.Append(Entry(2, "b", AuditEntry.Denied));
            log.Append(Entry(3, "a", AuditEntry.Denied));
            log.Append(Entry(4, "a", AuditEntry.Denied));
            log.Append(Entry(5, "a", AuditEntry.Allowed));
        }

        var file = Path.Combine(directory, AuditLog.FileName);

        var (deniedCode, denied, _) = await RenkeiProcess.RunAsync("audit", "--file", file, "--client", "a", "--denied");
        var (limitCode, limited, _) = await RenkeiProcess.RunAsync("audit", "--file", file, "--limit", "2");
        var (intactCode, intact, _) = await RenkeiProcess.RunAsync("audit", "--file", file, "--verify");
        var (badCode, _, badError) = await RenkeiProcess.RunAsync("audit", "--file", file, "--since", "yesterday-ish");

        Assert.Equal(0, deniedCode);
        Assert.Equal(["2026-11-03", "2026-11-04"], Lines(denied).Select(e => e.GetProperty("date").GetString()));
        Assert.All(Lines(denied), e => Assert.Equal(("a", 404, "denied"), (e.GetProperty("clientId").GetString(), e.GetProperty("status").GetInt32(), e.GetProperty("outcome").GetString())));
        Assert.Equal(0, limitCode);
        Assert.Equal(["2026-11-04", "2026-11-05"], Lines(limited).Select(e => e.GetProperty("date").GetString()));
        Assert.Equal(0, intactCode);
        Assert.Contains("hash chain intact", intact, StringComparison.Ordinal);
        Assert.Equal(1, badCode);
        Assert.Contains("--since must be an ISO 8601 instant", badError, StringComparison.Ordinal);

        // An operator (or an intruder) turns the second line's denial into an access: the chain shows it.
        var lines = await File.ReadAllLinesAsync(file);
        lines[1] = lines[1].Replace("\"status\":404", "\"status\":200", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, lines);
        var (brokenCode, broken, _) = await RenkeiProcess.RunAsync("audit", "--file", file, "--verify");

        Assert.Equal(2, brokenCode);
        Assert.Contains("hash chain broken at line", broken, StringComparison.Ordinal);

        // A line cut short (a torn write, a careless edit): the listing and the check name it and exit 2, no stack trace.
        lines[2] = lines[2][..30];
        await File.WriteAllLinesAsync(file, lines);
        var (tornListCode, _, tornListError) = await RenkeiProcess.RunAsync("audit", "--file", file, "--limit", "2");
        var (tornVerifyCode, tornVerify, tornVerifyError) = await RenkeiProcess.RunAsync("audit", "--file", file, "--verify");

        Assert.Equal(2, tornListCode);
        Assert.Contains("line 3: not JSON", tornListError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", tornListError, StringComparison.Ordinal);
        Assert.Equal(2, tornVerifyCode);
        Assert.Contains("hash chain broken at line 3: not JSON", tornVerify, StringComparison.Ordinal);
        Assert.Empty(tornVerifyError);
    }

    /// <summary>
    /// <c>--node</c> names an internal node's own log of refused calls in the demo's data folder (metering,
    /// switching, a TSO's per-area folder); the listing and the chain check work on it as on the gateway's.
    /// </summary>
    [Fact]
    public async Task Audit_NodeLogs_AreFoundByNodeNameListedAndVerified()
    {
        var refusal = new AuditEntry(
            new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), null, null, "127.0.0.1", "GET",
            "/internal/v1/supply-points/0310000000000000000002/intervals?date=2026-11-09", null, null, 401, AuditEntry.Denied, "no internal caller proof");
        await using (var metering = new AuditLog(Path.Combine(directory, "metering", "audit")))
        {
            metering.Append(refusal);
        }

        await using (var tso = new AuditLog(Path.Combine(directory, "tso-03", "audit", "tso-03")))
        {
            tso.Append(refusal with { Path = "/internal/v1/tso/supply-point-changes?after=0" });
            tso.Append(refusal with { Path = "/internal/v1/tso-operator/supply-points", Method = "POST", Status = 403, ClientId = "switching" });
        }

        var (listCode, listed, _) = await RenkeiProcess.RunAsync("audit", "--data", directory, "--node", "metering", "--denied");
        var (tsoCode, tsoListed, _) = await RenkeiProcess.RunAsync("audit", "--data", directory, "--node", "tso-03");
        var (verifyCode, verified, _) = await RenkeiProcess.RunAsync("audit", "--data", directory, "--node", "tso-03", "--verify");
        var (missingCode, _, missing) = await RenkeiProcess.RunAsync("audit", "--data", directory, "--node", "switching");
        var (unknownCode, _, unknown) = await RenkeiProcess.RunAsync("audit", "--data", directory, "--node", "tso-11");

        Assert.Equal(0, listCode);
        var entry = Assert.Single(Lines(listed));
        Assert.Equal(("/internal/v1/supply-points/0310000000000000000002/intervals?date=2026-11-09", 401, "no internal caller proof"), (entry.GetProperty("path").GetString(), entry.GetProperty("status").GetInt32(), entry.GetProperty("reason").GetString()));
        Assert.Equal(0, tsoCode);
        Assert.Equal([401, 403], Lines(tsoListed).Select(e => e.GetProperty("status").GetInt32()));
        Assert.Equal(0, verifyCode);
        Assert.Contains(Path.Combine(directory, "tso-03", "audit", "tso-03", "audit.log") + ": hash chain intact", verified, StringComparison.Ordinal);
        Assert.Equal(1, missingCode);
        Assert.Contains("no audit log at " + Path.Combine(directory, "switching", "audit", "audit.log"), missing, StringComparison.Ordinal);
        Assert.Equal(1, unknownCode);
        Assert.Contains("--node tso-11: expected gateway, metering, switching or tso-01", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_FileAndNodeTogether_IsRefused()
    {
        var (code, _, error) = await RenkeiProcess.RunAsync("audit", "--file", Path.Combine(directory, "audit.log"), "--node", "metering");

        Assert.Equal(1, code);
        Assert.Contains("give --file or --node, not both", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own cleanup.
        }
    }

    private static List<JsonElement> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
