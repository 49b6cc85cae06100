using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Simulator.Fleet;

namespace Renkei.Simulator.Tests.Fleet;

/// <summary>The head-end against an HES (a real HTTP listener) that refuses for a while with 503 and Retry-After, then accepts.</summary>
public sealed class FleetFeederTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 0, 0, 0, Jst.Offset);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task HesRefusesThenAccepts_EveryReadArrivesOnce()
    {
        var fleet = MeterFleet.Create(50, TsoArea.Tokyo, seed: 5);
        var expected = new FleetFeed(fleet, Start, FleetFaults.None);
        var all = new StringBuilder();
        for (var k = 0; k <= 4; k++)
        {
            expected.WriteNext(all);
        }

        var expectedLines = all.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        using var hes = new RefusingHes(refusals: 3);
        using var http = new HttpClient { BaseAddress = hes.Url };
        var clock = new FakeTimeProvider(Start.AddHours(2));
        var feeder = new FleetFeeder(new FleetFeed(fleet, Start, FleetFaults.None), http, clock)
        {
            RetryFirst = TimeSpan.FromMilliseconds(10),
            RetryCap = TimeSpan.FromMilliseconds(100),
        };
        var waits = new List<TimeSpan>();
        var recovered = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        feeder.TryFailed += (_, wait) => waits.Add(wait);
        feeder.Recovered += tries => recovered.TrySetResult(tries);

        using var stop = new CancellationTokenSource();
        var running = feeder.RunAsync(stop.Token);
        Assert.Equal(3, await recovered.Task.WaitAsync(Timeout));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        // The refused batch was kept and sent again: the HES took every read exactly once, in order.
        Assert.Equal(expectedLines, hes.AcceptedLines);
        Assert.Equal(expectedLines.Length, feeder.ReadsSent);
        Assert.Equal(3, feeder.FailedTries);

        // The first refusal said Retry-After: 1; the others gave none and were backed off.
        Assert.Equal(TimeSpan.FromSeconds(1), waits[0]);
        Assert.All(waits.Skip(1), w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void RefusedWithRetryAfter_WaitsThatLong_ButNeverLessThanTheBackoff()
    {
        using var http = new HttpClient();
        var feeder = new FleetFeeder(new FleetFeed(MeterFleet.Create(1, TsoArea.Tokyo, seed: 5), Start, FleetFaults.None), http, new FakeTimeProvider(Start))
        {
            RetryFirst = TimeSpan.FromMilliseconds(200),
            RetryCap = TimeSpan.FromSeconds(30),
        };

        // The first retries: the HES's 1 s is longer than the backoff (0.2 s, 0.4 s, 0.8 s).
        Assert.Equal(TimeSpan.FromSeconds(1), feeder.WaitAfterRefusal(TimeSpan.FromSeconds(1), 0));
        Assert.Equal(TimeSpan.FromSeconds(1), feeder.WaitAfterRefusal(TimeSpan.FromSeconds(1), 2));

        // Refused again and again: the backoff grows past the HES's 1 s (0.2 s × 2⁴), up to its cap.
        Assert.Equal(TimeSpan.FromSeconds(3.2), feeder.WaitAfterRefusal(TimeSpan.FromSeconds(1), 4));
        Assert.Equal(TimeSpan.FromSeconds(30), feeder.WaitAfterRefusal(TimeSpan.FromSeconds(1), 40));

        // A Retry-After beyond the cap is the HES's word: honoured.
        Assert.Equal(TimeSpan.FromMinutes(2), feeder.WaitAfterRefusal(TimeSpan.FromMinutes(2), 40));
    }

    /// <summary>An HES on a real loopback port: the first <c>refusals</c> batches get 503 (the first with Retry-After: 1), the rest 200; keeps the lines it accepted.</summary>
    private sealed class RefusingHes : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly List<string> accepted = [];
        private int refusals;

        public RefusingHes(int refusals)
        {
            this.refusals = refusals;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
                probe.Stop();
            }

            listener.Prefixes.Add(Url.ToString());
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public Uri Url { get; }

        public IReadOnlyList<string> AcceptedLines
        {
            get
            {
                lock (accepted)
                {
                    return [.. accepted];
                }
            }
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var response = context.Response;
                if (refusals > 0)
                {
                    if (refusals-- == 3)
                    {
                        response.AddHeader("Retry-After", "1");
                    }

                    response.StatusCode = 503;
                    response.ContentType = "application/problem+json";
                    await response.OutputStream.WriteAsync("{\"title\":\"Reads not accepted\"}"u8.ToArray());
                }
                else
                {
                    lock (accepted)
                    {
                        // Each batch starts with the header.
                        accepted.AddRange(lines[1..]);
                    }

                    response.ContentType = "application/json";
                    await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes($"{{\"accepted\":{lines.Length - 1},\"duplicates\":0,\"rejectedCount\":0}}"));
                }

                response.Close();
            }
        }

        public void Dispose() => listener.Close();
    }
}
