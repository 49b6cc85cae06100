using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Renkei.Bench;

/// <summary>
/// A closed-loop HTTPS load: <c>connections</c> workers, each with its own keep-alive connection, sending the same
/// GET back to back; a warm-up, then a measured period. Non-200 answers count as errors.
/// </summary>
internal static class HttpLoad
{
    public sealed record Result(long Requests, long Errors, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms)
    {
        /// <summary>CPU seconds the server side (the measured processes) used during the measured period.</summary>
        public double? ServerCpuSeconds { get; init; }

        /// <summary>CPU seconds of the load generator's own process (wrk only; the in-process generator's are in <see cref="ServerCpuSeconds"/>).</summary>
        public double? GeneratorCpuSeconds { get; init; }

        /// <summary>Server CPU time per successful request, in microseconds.</summary>
        public double? ServerCpuUsPerRequest => ServerCpuSeconds is { } cpu && Requests > 0 ? cpu * 1e6 / Requests : null;
    }

    /// <summary>Runs the load; <c>serverCpu</c> (cumulative CPU seconds of the server side) is read at the start and end of the measured period.</summary>
    public static async Task<Result> RunAsync(Uri url, string? bearer, X509Certificate2 trusted, int connections, TimeSpan warmup, TimeSpan duration, Func<double>? serverCpu = null)
    {
        var pinned = trusted.GetCertHashString();
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetCertHashString() == pinned,
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var recorder = new LatencyRecorder(connections);
        var measuring = false;
        using var stop = new CancellationTokenSource();

        async Task Worker(int id)
        {
            while (!stop.IsCancellationRequested)
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11 };
                if (bearer is not null)
                {
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                }

                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, CancellationToken.None).ConfigureAwait(false);
                    var elapsed = Stopwatch.GetTimestamp() - start;
                    if (!Volatile.Read(ref measuring))
                    {
                        continue;
                    }

                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        recorder.Add(id, elapsed);
                    }
                    else
                    {
                        Interlocked.Increment(ref recorder.Errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref recorder.Errors);
                }
            }
        }

        var workers = Enumerable.Range(0, connections).Select(i => Task.Run(() => Worker(i))).ToArray();
        await Task.Delay(warmup).ConfigureAwait(false);
        Volatile.Write(ref measuring, true);
        var cpuBefore = serverCpu?.Invoke();
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration).ConfigureAwait(false);
        Volatile.Write(ref measuring, false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuAfter = serverCpu?.Invoke();
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(workers).ConfigureAwait(false);
        var (count, p50, p99) = recorder.Summary();
        return new Result(count, recorder.Errors, seconds, count / seconds, p50, p99) { ServerCpuSeconds = cpuAfter - cpuBefore };
    }
}
