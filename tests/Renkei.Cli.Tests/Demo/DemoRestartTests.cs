using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Renkei.Cli.Demo;
using Renkei.Cli.Tests.Serve;
using Renkei.Formats.Api.Metering;

namespace Renkei.Cli.Tests.Demo;

/// <summary>
/// The real <c>renkei demo --speed 60</c>, killed with SIGKILL and started again on the same data folder: every value
/// a retailer read through the gateway before the kill is served identically after it (value and quality, no version lower),
/// the change feed's cursor does not go back, and the accelerated clock resumes where the folder's clock stopped.
/// </summary>
public sealed class DemoRestartTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string data = Path.Combine(Path.GetTempPath(), "renkei-demo-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task KillNine_ThenRestart_ServesWhatWasPublishedAndResumesTheClock()
    {
        string point;
        string[] dates;
        Dictionary<string, SlotValue> before;
        FeedPage feedBefore;
        await using (var first = await DemoProcess.StartAsync(data))
        {
            Assert.Contains("clock      started at ", first.ClockLine, StringComparison.Ordinal);
            var credentials = await first.CredentialsAsync();
            point = credentials.Retailers[0].SuppliesToday[0];
            dates = [credentials.Simulation.Yesterday, credentials.Simulation.Today];
            using var gateway = Gateway(credentials);
            await AuthorizeAsync(gateway, credentials);
            before = await PublishedValuesAsync(gateway, point, dates);
            feedBefore = await FeedAsync(gateway);
            Assert.NotEmpty(before);

            // SIGKILL: no shutdown code runs; only what the demo made durable is left in the folder.
            first.Kill();
        }

        var stopped = (await File.ReadAllTextAsync(Path.Combine(data, "demo-clock.txt"))).Trim();

        await using var second = await DemoProcess.StartAsync(data);
        Assert.Equal($"clock      resumed at {stopped}, where the data folder's clock stopped (x60)", second.ClockLine);
        var again = await second.CredentialsAsync();
        using var gateway2 = Gateway(again);
        await AuthorizeAsync(gateway2, again);
        var after = await PublishedValuesAsync(gateway2, point, dates);
        foreach (var (key, value) in before)
        {
            Assert.True(after.TryGetValue(key, out var now), $"{key} was published before the kill ({value}) and is not after it");

            // A revision made after the last snapshot is made again by the replay, under a higher version.
            Assert.Equal(value with { Version = 0 }, now with { Version = 0 });
            Assert.True(now.Version >= value.Version, $"{key}: version {value.Version} before the kill, {now.Version} after");
        }

        var feedAfter = await FeedAsync(gateway2);
        Assert.True(feedAfter.Next >= feedBefore.Next, $"the feed's cursor went back from {feedBefore.Next} to {feedAfter.Next}");
        Assert.True(feedAfter.Current >= feedBefore.Current, $"the feed's current version went back from {feedBefore.Current} to {feedAfter.Current}");
        var publishedAfter = feedAfter.Items.Where(i => i.Kind == "slot-published").Select(i => $"{i.Date}/{i.Slot} v{i.Version}").ToHashSet();
        foreach (var item in feedBefore.Items.Where(i => i.Kind == "slot-published"))
        {
            Assert.Contains($"{item.Date}/{item.Slot} v{item.Version}", publishedAfter);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static HttpClient Gateway(DemoCredentials credentials)
    {
        var pinned = X509CertificateLoader.LoadCertificateFromFile(credentials.CaCertificate);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString() == pinned.GetCertHashString(),
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(credentials.Gateway + "/") };
    }

    private static async Task AuthorizeAsync(HttpClient gateway, DemoCredentials credentials)
    {
        var retailer = credentials.Retailers[0];
        using var response = await gateway.PostAsync(
            new Uri("connect/token", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = retailer.ClientId,
                ["client_secret"] = retailer.ClientSecret,
            }));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The point's published values (version above 0) on the given days, by date and slot.</summary>
    private static async Task<Dictionary<string, SlotValue>> PublishedValuesAsync(HttpClient gateway, string point, string[] dates)
    {
        var values = new Dictionary<string, SlotValue>();
        foreach (var date in dates)
        {
            var day = await gateway.GetFromJsonAsync<IntervalsResponse>(new Uri($"api/v1/supply-points/{point}/intervals?date={date}", UriKind.Relative), Json);
            foreach (var slot in day!.Slots.Where(s => s.Version > 0))
            {
                values[$"{date}/{slot.Slot}"] = slot;
            }
        }

        return values;
    }

    private static async Task<FeedPage> FeedAsync(HttpClient gateway) =>
        (await gateway.GetFromJsonAsync<FeedPage>(new Uri("api/v1/feed?cursor=0&limit=10000", UriKind.Relative), Json))!;

    /// <summary>The parts of the feed's JSON page this test compares (docs/formats.md, the feed).</summary>
    private sealed record FeedPage(IReadOnlyList<FeedItem> Items, long Next, long Current);

    private sealed record FeedItem(string Kind, string Date, int Slot, long Version);

    /// <summary>One <c>renkei demo</c> process with a few meters on free ports, killable with SIGKILL.</summary>
    private sealed class DemoProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly string data;

        private DemoProcess(Process process, string data, string clockLine)
        {
            this.process = process;
            this.data = data;
            ClockLine = clockLine;
        }

        /// <summary>The line that says where the clock started or resumed.</summary>
        public string ClockLine { get; }

        public static async Task<DemoProcess> StartAsync(string data)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "renkei.dll"), "demo", "--data", data, "--meters", "20", "--speed", "60", "--port", "0", "--web-port", "0" })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start renkei demo");
            var lines = new ProcessLines(process);
            var clock = await lines.WaitForAsync("clock      ", 0, StartTimeout);

            // Printed once every node listens and demo.json is written.
            await lines.WaitForAsync("Gateway (retailers' only entry point):", 0, StartTimeout);
            return new DemoProcess(process, data, clock);
        }

        public async Task<DemoCredentials> CredentialsAsync() =>
            JsonSerializer.Deserialize<DemoCredentials>(await File.ReadAllTextAsync(Path.Combine(data, "demo.json")), Json)!;

        /// <summary>SIGKILL: no shutdown code runs.</summary>
        public void Kill()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }
}
