using System.Text.Json;
using Renkei.Bench;
using Renkei.Switching.Store;

namespace Renkei.Bench.Tests;

/// <summary>
/// <c>renkei bench switching</c> on a small run: real Kestrel, real HTTP, the store on a SQLite file (and on PostgreSQL
/// when <c>RENKEI_TEST_POSTGRES</c> is set). What is checked is the shape bench/README.md gives — a table, then as the last
/// line one JSON object with <c>database</c>, <c>applications_per_s</c> and <c>p99_ms</c> — never a speed.
/// </summary>
public sealed class SwitchingBenchmarkTests
{
    [Fact]
    public async Task Sqlite_SmallRun_LastLineIsOneJsonObjectWithTheRequiredFields()
    {
        var (last, lines) = await RunAsync(SwitchingDatabaseProvider.Sqlite, null);

        Assert.Equal("sqlite", last.GetProperty("database").GetString());
        Assert.True(last.GetProperty("applications_per_s").GetDouble() > 0);
        Assert.True(last.GetProperty("p99_ms").GetDouble() > 0);
        Assert.True(lines > 2, $"{lines} lines: a table is expected before the JSON line");
    }

    [SkippableFact]
    public async Task Postgres_SmallRun_LastLineNamesPostgres()
    {
        var server = Environment.GetEnvironmentVariable("RENKEI_TEST_POSTGRES");
        Skip.If(server is null, "RENKEI_TEST_POSTGRES is not set (source .ci/postgres.sh)");

        var (last, _) = await RunAsync(SwitchingDatabaseProvider.Postgres, server);

        Assert.Equal("postgres", last.GetProperty("database").GetString());
        Assert.True(last.GetProperty("applications_per_s").GetDouble() > 0);
    }

    private static async Task<(JsonElement Last, int Lines)> RunAsync(SwitchingDatabaseProvider provider, string? server)
    {
        var data = Path.Combine(Path.GetTempPath(), "renkei-bench-sw-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        try
        {
            await SwitchingBenchmark.RunAsync(provider, server, applications: 64, clients: 4, warmup: 0, data, output, CancellationToken.None);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (JsonDocument.Parse(lines[^1]).RootElement.Clone(), lines.Length);
    }
}
