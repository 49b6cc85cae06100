using Renkei.Gateway.Audit;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Tests.Audit;

/// <summary>The audit log file: append-only lines, a hash chain that shows any edit or deletion, operator queries.</summary>
public sealed class AuditLogTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "renkei-audit-" + Guid.NewGuid().ToString("N"));

    private static AuditEntry Entry(int i, string client, string outcome) => new(
        new DateTimeOffset(2026, 11, 27, 12, 0, i, TimeSpan.Zero), client, "R0001", "127.0.0.1", "GET",
        $"/api/v1/supply-points/0310000000000000000002/intervals?date=2026-11-{i:D2}", "0310000000000000000002", $"2026-11-{i:D2}",
        outcome == AuditEntry.Allowed ? 200 : 404, outcome, outcome == AuditEntry.Allowed ? null : "no contract");

    [Fact]
    public async Task Query_ByClientAndOutcome_ReturnsExactlyTheMatchingEntriesInOrder()
    {
        await using (var log = new AuditLog(directory))
        {
            log.Append(Entry(1, "a", AuditEntry.Allowed));
            log.Append(Entry(2, "b", AuditEntry.Denied));
            log.Append(Entry(3, "a", AuditEntry.Denied));
            log.Append(Entry(4, "a", AuditEntry.Denied));

            var denied = await log.QueryAsync(new AuditQuery { ClientId = "a", Outcome = AuditEntry.Denied });

            Assert.Equal([Entry(3, "a", AuditEntry.Denied), Entry(4, "a", AuditEntry.Denied)], denied);
        }
    }

    [Fact]
    public async Task Reopen_AfterRestart_AppendsAndKeepsTheChainIntact()
    {
        await using (var log = new AuditLog(directory))
        {
            log.Append(Entry(1, "a", AuditEntry.Allowed));
        }

        await using (var log = new AuditLog(directory))
        {
            log.Append(Entry(2, "a", AuditEntry.Denied));
        }

        var path = Path.Combine(directory, AuditLog.FileName);
        Assert.Equal(2, File.ReadAllLines(path).Length);
        Assert.Equal(0, AuditLog.Verify(path));
    }

    [Fact]
    public async Task Verify_LineEdited_ReportsTheLineAfterIt()
    {
        await WriteAsync(3);
        var path = Path.Combine(directory, AuditLog.FileName);
        var lines = File.ReadAllLines(path);
        lines[1] = lines[1].Replace("\"status\":404", "\"status\":200", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        Assert.Equal(3, AuditLog.Verify(path));
    }

    [Fact]
    public async Task Verify_LineDeleted_ReportsWhereTheChainBreaks()
    {
        await WriteAsync(3);
        var path = Path.Combine(directory, AuditLog.FileName);
        var lines = File.ReadAllLines(path).ToList();
        lines.RemoveAt(1);
        File.WriteAllLines(path, lines);

        Assert.Equal(2, AuditLog.Verify(path));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task WriteAsync(int count)
    {
        await using var log = new AuditLog(directory);
        for (var i = 1; i <= count; i++)
        {
            log.Append(Entry(i, "a", AuditEntry.Denied));
        }
    }
}
