using Renkei.Hosting.Audit;

namespace Renkei.Hosting.Tests.Audit;

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

    [Fact]
    public async Task GroupCommit_ManyWritersWithinOneInterval_EveryLineIsWrittenOnceInAnUnbrokenChain()
    {
        // A whole second between syncs: everything appended meanwhile goes to disk in the batch after it.
        await using (var log = new AuditLog(directory, TimeSpan.FromSeconds(1)))
        {
            log.Append(Entry(1, "first", AuditEntry.Allowed));
            await log.FlushAsync();
            await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
            {
                for (var i = 0; i < 250; i++)
                {
                    log.Append(Entry(i % 60, $"w{w}", AuditEntry.Denied));
                }
            })));

            var all = await log.QueryAsync(new AuditQuery { Limit = 10_000 });

            Assert.Equal(1_001, all.Count);
            Assert.All(Enumerable.Range(0, 4), w => Assert.Equal(250, all.Count(e => e.ClientId == $"w{w}")));
        }

        var path = Path.Combine(directory, AuditLog.FileName);
        Assert.Equal(1_001, File.ReadAllLines(path).Length);
        Assert.Equal(0, AuditLog.Verify(path));
    }

    [Fact]
    public async Task Lines_KeepTheirCamelCaseFieldNames()
    {
        await WriteAsync(1);

        var line = File.ReadAllLines(Path.Combine(directory, AuditLog.FileName)).Single();

        Assert.StartsWith("{\"prev\":\"" + new string('0', 64) + "\",\"entry\":{\"at\":\"2026-11-27T12:00:01+00:00\",\"clientId\":\"a\",\"retailer\":\"R0001\",\"sourceAddress\":\"127.0.0.1\",\"method\":\"GET\",", line, StringComparison.Ordinal);
        Assert.EndsWith("\"status\":404,\"outcome\":\"denied\",\"reason\":\"no contract\"}}", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1_001)]
    public void SyncInterval_OutsideZeroToOneSecond_IsRefused(int milliseconds)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new AuditLog(directory, TimeSpan.FromMilliseconds(milliseconds)));

        Assert.Equal("syncInterval", refused.ParamName);
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
