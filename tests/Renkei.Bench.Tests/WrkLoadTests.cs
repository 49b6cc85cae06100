using Renkei.Bench;

namespace Renkei.Bench.Tests;

/// <summary>The figures the gateway bench takes from wrk's report (wrk 4.1, <c>--latency</c>).</summary>
public sealed class WrkLoadTests
{
    private const string Report = """
        Running 15s test @ https://127.0.0.1:40123/api/v1/supply-points/0300000000000000000001/intervals?date=2026-11-26
          2 threads and 64 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     5.87ms    3.02ms  61.40ms   82.11%
            Req/Sec     5.55k   612.33     6.90k    71.00%
          Latency Distribution
             50%    5.12ms
             75%    7.01ms
             90%    9.33ms
             99%  850.00us
          166512 requests in 15.02s, 301.12MB read
          Non-2xx or 3xx responses: 12
        Requests/sec:  11086.02
        Transfer/sec:     20.05MB
        """;

    [Fact]
    public void Report_WithErrors_CountsOnlySuccessfulAnswersAndConvertsUnits()
    {
        var result = WrkLoad.Parse(Report, 15);

        Assert.NotNull(result);
        Assert.Equal(166_500, result.Requests);
        Assert.Equal(12, result.Errors);
        Assert.Equal(15.02, result.Seconds, 3);
        Assert.Equal(166_500 / 15.02, result.RequestsPerSecond, 3);
        Assert.Equal(5.12, result.P50Ms, 3);
        Assert.Equal(0.85, result.P99Ms, 3);
    }

    [Fact]
    public void Report_WithSocketErrors_CountsThemAsErrors()
    {
        var result = WrkLoad.Parse(Report.Replace("  Non-2xx or 3xx responses: 12", "  Socket errors: connect 1, read 2, write 3, timeout 4", StringComparison.Ordinal), 15);

        Assert.NotNull(result);
        Assert.Equal(10, result.Errors);
    }

    [Fact]
    public void Output_WithoutReport_IsNull()
    {
        Assert.Null(WrkLoad.Parse("unable to connect to 127.0.0.1:1 Connection refused", 15));
    }
}
