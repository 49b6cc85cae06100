using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Renkei.Domain.Time;

namespace Renkei.Cli.Tests.Serve;

/// <summary>
/// Kills a real metering process with SIGKILL while it ingests and while it closes slots, restarts it on the same
/// data folder, and compares with a run that never crashed.
/// </summary>
public sealed class MeteringCrashRecoveryTests : IDisposable
{
    private const int Meters = 300;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-crash-" + Guid.NewGuid().ToString("N"));
    private readonly DateOnly yesterday = Jst.Today(TimeProvider.System).AddDays(-1);

    public MeteringCrashRecoveryTests() => Directory.CreateDirectory(folder);

    [Fact]
    public async Task KilledMidIngestAndMidClose_AfterRestart_KeepsEveryAcknowledgedReadAndPublishesIdenticalValues()
    {
        var registry = WriteRegistry();
        var batches = Batches();

        // The run without a crash.
        Dictionary<string, string> expected;
        await using (var reference = await ChildNode.StartAsync(Path.Combine(folder, "reference"), registry))
        {
            foreach (var batch in batches)
            {
                await reference.PostReadsAsync(batch);
            }

            expected = await ReadAllAsync(reference);
        }

        // The run with two crashes: one while a batch is being ingested, one while slots are being closed.
        var data = Path.Combine(folder, "crashed");
        long acknowledged = 0;
        var node = await ChildNode.StartAsync(data, registry);
        for (var i = 0; i < batches.Count; i++)
        {
            if (i == 17)
            {
                // Killed once the whole batch is on the wire: the node is taking it in (or has just answered).
                var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var inFlight = node.PostReadsAsync(batches[i], sent);
                await sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
                node.Kill();
                try
                {
                    // If the acknowledgement made it out before the kill, those reads are acknowledged.
                    acknowledged += (await inFlight).GetProperty("accepted").GetInt32();
                }
                catch (HttpRequestException)
                {
                    // The process died under the request: not acknowledged.
                }

                await node.DisposeAsync();
                node = await ChildNode.StartAsync(data, registry);

                // Every acknowledged read survived; the unacknowledged batch may or may not have.
                var afterFirst = await node.AcceptedReadsAsync();
                Assert.InRange(afterFirst, acknowledged, acknowledged + Meters);
                acknowledged = afterFirst;
                continue;
            }

            if (i == 33)
            {
                var closes = Enumerable.Range(1, 48)
                    .Select(k => node.Http.PostAsync(new Uri($"internal/v1/slots/{yesterday:yyyy-MM-dd}/{k}/close", UriKind.Relative), null))
                    .ToList();

                // Killed once the node has answered its first close: closing is under way, the other closes in flight.
                await Task.WhenAny(closes).WaitAsync(TimeSpan.FromSeconds(30));
                node.Kill();
                foreach (var close in closes)
                {
                    try
                    {
                        (await close).Dispose();
                    }
                    catch (HttpRequestException)
                    {
                        // The process died under the request: expected.
                    }
                }

                await node.DisposeAsync();
                node = await ChildNode.StartAsync(data, registry);
                Assert.Equal(acknowledged, await node.AcceptedReadsAsync());
            }

            var ack = await node.PostReadsAsync(batches[i]);
            acknowledged += ack.GetProperty("accepted").GetInt32();
        }

        await using (node)
        {
            // The HES sends again what was not acknowledged: here, everything. Nothing is counted twice.
            var before = await node.AcceptedReadsAsync();
            var resent = 0;
            foreach (var batch in batches)
            {
                resent += (await node.PostReadsAsync(batch)).GetProperty("accepted").GetInt32();
            }

            Assert.InRange(resent, 0, Meters);
            Assert.Equal(before + resent, await node.AcceptedReadsAsync());

            var actual = await ReadAllAsync(node);
            Assert.Equal(expected.Count, actual.Count);
            foreach (var (point, values) in expected)
            {
                Assert.Equal(values, actual[point]);
            }
        }
    }

    [Fact]
    public async Task MeterAddedThroughTheApi_AfterSigkillAndRestart_IsKnownAndKeepsItsReads()
    {
        var registry = WriteRegistry();
        var data = Path.Combine(folder, "registry-change");
        var newPoint = Point(Meters + 1);
        var installed = Jst.StartOfDay(yesterday).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        var node = await ChildNode.StartAsync(data, registry);
        using (var change = new StringContent(
            "supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh\n"
            + $"{newPoint},NEW-1,1,6,{installed},100.0000,,\n",
            Encoding.UTF8,
            "text/csv"))
        {
            using var response = await node.Http.PostAsync(new Uri("internal/v1/registry", UriKind.Relative), change);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var at = Jst.StartOfDay(yesterday).AddMinutes(30).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        var ack = await node.PostReadsAsync($"meter_id,read_at,register_kwh\nNEW-1,{at},100.7500\n");
        Assert.Equal(1, ack.GetProperty("accepted").GetInt32());
        node.Kill();
        await node.DisposeAsync();

        // Restarted with the same registry file, which does not list the new meter: the change was kept.
        await using var restarted = await ChildNode.StartAsync(data, registry);
        Assert.Equal(1, await restarted.AcceptedReadsAsync());
        using (var close = await restarted.Http.PostAsync(new Uri($"internal/v1/slots/{yesterday:yyyy-MM-dd}/1/close", UriKind.Relative), null))
        {
            close.EnsureSuccessStatusCode();
        }

        var day = await restarted.Http.GetFromJsonAsync<JsonElement>(new Uri($"internal/v1/supply-points/{newPoint}/intervals?date={yesterday:yyyy-MM-dd}", UriKind.Relative));
        var first = day.GetProperty("slots")[0];
        Assert.Equal(0.75m, first.GetProperty("kwh").GetDecimal());
        Assert.Equal("actual", first.GetProperty("quality").GetString());
    }

    [Fact]
    public async Task ServeMetering_RequestWithoutCallerProof_IsRefusedEvenFromLoopback()
    {
        var registry = WriteRegistry();
        await using var node = await ChildNode.StartAsync(Path.Combine(folder, "unsigned"), registry);

        using var response = await node.Unsigned.GetAsync(new Uri("internal/v1/status", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await node.AcceptedReadsAsync());
    }

    [Fact]
    public async Task ServeMetering_Http2Port_ServesTheSameApiOverHttp2WithTheSameProofs()
    {
        var registry = WriteRegistry();
        await using var node = await ChildNode.StartAsync(Path.Combine(folder, "http2"), registry, http2: true);
        Assert.NotNull(node.Http2Url);
        Assert.NotEqual(node.Url.Port, node.Http2Url.Port);

        // Signed as the operator (the handler of node.Http), over exactly HTTP/2: served.
        using var signed = new HttpRequestMessage(HttpMethod.Get, new Uri(node.Http2Url, "internal/v1/status"))
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var served = await node.Http.SendAsync(signed);
        Assert.Equal(System.Net.HttpVersion.Version20, served.Version);
        Assert.Equal(System.Net.HttpStatusCode.OK, served.StatusCode);

        // Without a proof: refused there too.
        using var unsigned = new HttpRequestMessage(HttpMethod.Get, new Uri(node.Http2Url, "internal/v1/status"))
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var refused = await node.Unsigned.SendAsync(unsigned);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task OfflineIntervalsTool_SameReads_AgreesWithTheServiceExactly()
    {
        var registry = WriteRegistry();
        var batches = Batches();
        Dictionary<string, string> service;
        await using (var node = await ChildNode.StartAsync(Path.Combine(folder, "service"), registry))
        {
            foreach (var batch in batches)
            {
                await node.PostReadsAsync(batch);
            }

            service = await ReadAllAsync(node);
        }

        var readsPath = Path.Combine(folder, "reads.csv");
        await File.WriteAllTextAsync(readsPath, "meter_id,read_at,register_kwh\n" + string.Concat(batches.Select(b => b[(b.IndexOf('\n', StringComparison.Ordinal) + 1)..])));
        var outPath = Path.Combine(folder, "intervals.csv");

        var exit = Cli.Tools.IntervalsCommand.Run(new FileInfo(registry), new FileInfo(readsPath), new FileInfo(outPath));

        Assert.Equal(0, exit);
        var lines = await File.ReadAllLinesAsync(outPath);
        Assert.Equal("supply_point_id,date,slot,direction,kwh,quality", lines[0]);

        // The file covers the earliest to the latest read: slots 2 to 48 of yesterday (00:30 to 24:00).
        Assert.Equal((Meters * 47) + 1, lines.Length);
        var offline = lines.Skip(1).Select(l => l.Split(',')).GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (point, values) in service)
        {
            var fromService = values.Split(';').Skip(1).ToList();
            var fromTool = offline[point].Select(f => $"{(f[4].Length == 0 ? string.Empty : f[4])}/{f[5]}").ToList();
            Assert.Equal(fromService, fromTool);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Point(int i) => string.Create(CultureInfo.InvariantCulture, $"03{i:D20}");

    private string WriteRegistry()
    {
        var csv = new StringBuilder("supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh\n");
        var installed = Jst.StartOfDay(yesterday.AddDays(-1)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        for (var i = 0; i < Meters; i++)
        {
            // Every tenth meter has a 5-digit register about to roll over.
            var (digits, initial) = i % 10 == 0 ? (5, "99990.0000") : (6, "1000.0000");
            csv.Append(CultureInfo.InvariantCulture, $"{Point(i)},M{i},{(i % 7 == 0 ? 40 : 1)},{digits},{installed},{initial},,\n");
        }

        var path = Path.Combine(folder, "meters.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    /// <summary>One batch per boundary of yesterday (00:30 … 24:00), a few reads left out to make gaps.</summary>
    private List<string> Batches()
    {
        var batches = new List<string>();
        var registers = new long[Meters];
        for (var i = 0; i < Meters; i++)
        {
            registers[i] = i % 10 == 0 ? 999_900_000 : 10_000_000;
        }

        for (var k = 1; k <= 48; k++)
        {
            var at = Jst.StartOfDay(yesterday).AddMinutes(30 * k).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
            var csv = new StringBuilder("meter_id,read_at,register_kwh\n");
            for (var i = 0; i < Meters; i++)
            {
                var rollover = i % 10 == 0 ? 1_000_000_000L : 10_000_000_000L;
                registers[i] = (registers[i] + 1_000 + (((i * 31) + (k * 17)) % 5_000)) % rollover;
                if ((i + k) % 23 == 0)
                {
                    continue;
                }

                csv.Append(CultureInfo.InvariantCulture, $"M{i},{at},{registers[i] / 10_000}.{registers[i] % 10_000:D4}\n");
            }

            batches.Add(csv.ToString());
        }

        return batches;
    }

    private async Task<Dictionary<string, string>> ReadAllAsync(ChildNode node)
    {
        var result = new Dictionary<string, string>();
        for (var i = 0; i < Meters; i++)
        {
            var day = await node.Http.GetFromJsonAsync<JsonElement>(new Uri($"internal/v1/supply-points/{Point(i)}/intervals?date={yesterday:yyyy-MM-dd}", UriKind.Relative));
            result[Point(i)] = string.Join(';', day.GetProperty("slots").EnumerateArray().Select(s => $"{s.GetProperty("kwh")}/{s.GetProperty("quality").GetString()}"));
        }

        return result;
    }
}
