using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Renkei.Bench;

/// <summary>
/// The load generator in a process of its own: <c>wrk</c> from Debian (C, epoll, OpenSSL), the usual tool for
/// this kind of figure, so the generator's own TLS and HTTP work is not done by the process being measured.
/// A warm-up run, then the measured run with <c>--latency</c>; the figures are parsed from wrk's report.
/// </summary>
internal static partial class WrkLoad
{
    public const string Binary = "/usr/bin/wrk";

    /// <summary>
    /// Runs wrk against <paramref name="url"/>; null if wrk did not produce a report (its output is printed).
    /// <c>serverCpu</c> (cumulative CPU seconds of the server side) is read just before and after the measured run.
    /// </summary>
    public static async Task<HttpLoad.Result?> RunAsync(Uri url, string? bearer, int connections, int threads, TimeSpan warmup, TimeSpan duration, Func<double>? serverCpu = null)
    {
        if (warmup > TimeSpan.Zero)
        {
            _ = await RunOnceAsync(url, bearer, connections, threads, warmup).ConfigureAwait(false);
        }

        var cpuBefore = serverCpu?.Invoke();
        var (output, cpu) = await RunOnceAsync(url, bearer, connections, threads, duration).ConfigureAwait(false);
        var cpuAfter = serverCpu?.Invoke();
        var result = Parse(output, duration.TotalSeconds);
        if (result is null)
        {
            Console.WriteLine("wrk produced no report:");
            Console.WriteLine(output);
            return null;
        }

        return result with { GeneratorCpuSeconds = cpu, ServerCpuSeconds = cpuAfter - cpuBefore };
    }

    private static async Task<(string Output, double CpuSeconds)> RunOnceAsync(Uri url, string? bearer, int connections, int threads, TimeSpan duration)
    {
        // Through bash, whose `times` prints the CPU time of its reaped children (wrk) after wrk's report.
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "-c", "\"$0\" \"$@\"; status=$?; times; exit $status", Binary,
            "-t", Math.Min(threads, connections).ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "30s",
            "--latency",
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (bearer is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Authorization: Bearer " + bearer);
        }

        start.ArgumentList.Add(url.ToString());
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false);
        var times = TimesPattern().Matches(output);
        var cpu = 0.0;
        if (times.Count > 0)
        {
            // The last line of `times`: the children's user and system time.
            var children = times[^1];
            cpu = (double.Parse(children.Groups[1].Value, CultureInfo.InvariantCulture) * 60) + double.Parse(children.Groups[2].Value, CultureInfo.InvariantCulture)
                + (double.Parse(children.Groups[3].Value, CultureInfo.InvariantCulture) * 60) + double.Parse(children.Groups[4].Value, CultureInfo.InvariantCulture);
        }

        return (output + await stderr.ConfigureAwait(false), cpu);
    }

    /// <summary>The figures of one wrk report (<c>--latency</c>), or null if it has none.</summary>
    internal static HttpLoad.Result? Parse(string output, double seconds)
    {
        var total = TotalPattern().Match(output);
        var rate = RatePattern().Match(output);
        var p50 = Percentile(output, "50");
        var p99 = Percentile(output, "99");
        if (!total.Success || !rate.Success || p50 is null || p99 is null)
        {
            return null;
        }

        var requests = long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture);
        var measured = Duration(double.Parse(total.Groups[2].Value, CultureInfo.InvariantCulture), total.Groups[3].Value);
        long errors = 0;
        if (NonSuccessPattern().Match(output) is { Success: true } bad)
        {
            errors += long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (SocketErrorsPattern().Match(output) is { Success: true } socket)
        {
            for (var g = 1; g <= 4; g++)
            {
                errors += long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture);
            }
        }

        // Requests/s counts successful answers only, as the in-process generator does (wrk's own rate counts all).
        var elapsed = measured > 0 ? measured : seconds;
        var succeeded = Math.Max(0, requests - errors);
        return new HttpLoad.Result(succeeded, errors, elapsed, succeeded / elapsed, p50.Value, p99.Value);
    }

    private static double? Percentile(string output, string percent)
    {
        var m = Regex.Match(output, @"^\s*" + percent + @"(?:\.0+)?%\s+([0-9.]+)(us|ms|s)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return m.Success ? Duration(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value) * 1000 : null;
    }

    /// <summary>wrk's time with its unit, in seconds.</summary>
    private static double Duration(double value, string unit) => unit switch
    {
        "us" => value / 1_000_000,
        "ms" => value / 1_000,
        "m" => value * 60,
        _ => value,
    };

    [GeneratedRegex(@"^\s*(\d+) requests in ([0-9.]+)(us|ms|s|m),", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"^(\d+)m([0-9.]+)s (\d+)m([0-9.]+)s$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex TimesPattern();

    [GeneratedRegex(@"^Requests/sec:\s+([0-9.]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex NonSuccessPattern();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex SocketErrorsPattern();
}
