using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching;
using Renkei.Switching.Api;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Cli.Tests.Serve;

/// <summary>
/// <c>renkei serve switching</c> and <c>renkei serve tso</c> as real child processes, each with its own SQLite store:
/// a switch completes at the TSO node; with the TSO node killed the next one waits matched, and completes once the
/// node is started again.
/// </summary>
public sealed class SwitchingNodesTests : IDisposable
{
    private const string Old = "R0001";
    private const string New = "R0002";
    private const string First = "0300000000000000000001";
    private const string Second = "0300000000000000000002";

    private readonly string root = Path.Combine(Path.GetTempPath(), "renkei-serve-switching", Guid.NewGuid().ToString("N"));
    private readonly List<Process> processes = [];

    [Fact]
    public async Task HubAndTsoProcesses_SwitchCompletesAtTso_AndWaitsWhileTsoIsDown()
    {
        var hubData = Path.Combine(root, "hub");
        var tsoData = Path.Combine(root, "tso");
        var market = WriteMarket();
        var imported = await RunAsync("switching", "import", "--data", hubData, "--market", market);
        var importedTso = await RunAsync("switching", "import", "--data", tsoData, "--market", market, "--area", "03");
        var tsoPort = FreePort();
        var (_, hubUrl, _) = await StartAsync("switching listening on ", "serve", "switching", "--data", hubData, "--areas", "03,06", "--tso", $"03=http://127.0.0.1:{tsoPort}");
        string[] tsoArgs = ["serve", "tso", "--area", "03", "--data", tsoData, "--hub-key", Path.Combine(hubData, "keys", "switching-caller.pub.pem"), "--port", tsoPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var (tso, _, _) = await StartAsync("tso 03 listening on ", tsoArgs);
        var operatorKey = InternalCallerKey.LoadOrCreate(Path.Combine(hubData, "keys", Cli.Serve.ServeCommand.OperatorKeyFile));
        using var http = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(operatorKey, Cli.Serve.ServeCommand.OperatorIssuer, TimeProvider.System), SwitchingHostOptions.Audience) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = hubUrl,
        };

        var firstIn = await SwitchAsync(http, First);
        var firstStatus = await WaitForStatusAsync(http, firstIn, "06", hubData);
        tso.Kill(entireProcessTree: true);
        await tso.WaitForExitAsync();
        var secondIn = await SwitchAsync(http, Second);

        // The hub has tried to send the order to the dead node (the order kept in the outbox with its failure), and
        // the switch still waits. (The dispatcher warns once per outage, so its log need not say it again here.)
        Assert.True(await WaitForFailedOrderAsync(Second, hubData), "the hub never tried the dead TSO node with the second switch's order");
        var whileDown = await StatusAsync(http, secondIn);
        await StartAsync("tso 03 listening on ", tsoArgs);
        var secondStatus = await WaitForStatusAsync(http, secondIn, "06", hubData);

        Assert.Equal((0, 0), (imported.Exit, importedTso.Exit));
        Assert.Contains("3 retailers, 2 supply points, 2 holders, 2 wheeling contracts added", imported.Output, StringComparison.Ordinal);
        Assert.Equal("06", firstStatus);
        Assert.Equal("05", whileDown);
        Assert.Equal("06", secondStatus);
        await using var tsoDb = SwitchingDatabase.SqliteFile(Path.Combine(tsoData, "tso-03.db")).CreateContext();
        var open = await tsoDb.WheelingContracts.AsNoTracking().Where(c => c.EndDate == null).OrderBy(c => c.SupplyPointId).Select(c => c.RetailerCode).ToListAsync();
        Assert.Equal([New, New], open);
        Assert.Equal(2, await tsoDb.TsoReceipts.CountAsync());
    }

    [Fact]
    public async Task TsoProcess_OpsPortGiven_AnswersHealthAndAlertsThereAndPrintsIt()
    {
        var tsoData = Path.Combine(root, "tso");
        var hubKey = Path.Combine(root, "hub.pub.pem");
        Directory.CreateDirectory(root);
        using (var key = InternalCallerKey.LoadOrCreate(Path.Combine(root, "hub.pem")))
        {
            await File.WriteAllTextAsync(hubKey, key.ExportSubjectPublicKeyInfoPem());
        }

        var opsPort = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = ["serve", "tso", "--area", "03", "--data", tsoData, "--hub-key", hubKey, "--ops-port", opsPort];
        var badPort = await RunAsync([.. args[..^1], "70000"]);
        var badAddress = await RunAsync([.. args, "--ops-listen", "localhost"]);
        var (_, opsUrl, _) = await StartAsync("operations ", args);
        using var http = new HttpClient { BaseAddress = opsUrl };
        using var live = await http.GetAsync(new Uri("health/live", UriKind.Relative));
        var alerts = JsonDocument.Parse(await http.GetStringAsync(new Uri("alerts", UriKind.Relative))).RootElement;

        Assert.Equal(new Uri($"http://127.0.0.1:{opsPort}/"), opsUrl);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("tso-03", alerts.GetProperty("node").GetString());
        Assert.Equal(2, badPort.Exit);
        Assert.Contains("--ops-port 70000: expected a port 0 to 65535, or -1 for none", badPort.Error, StringComparison.Ordinal);
        Assert.Equal(2, badAddress.Exit);
        Assert.Contains("--ops-listen localhost: not an IP address", badAddress.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubProcess_MeteringKeyGiven_TrustsItForTheContractAndScheduleFeedsOnly_AndUnknownWithoutIt()
    {
        var hubData = Path.Combine(root, "hub");
        var plainData = Path.Combine(root, "plain");
        Directory.CreateDirectory(root);
        using var meteringKey = InternalCallerKey.LoadOrCreate(Path.Combine(root, "metering-caller.pem"));
        var meteringPublic = Path.Combine(root, "metering-caller.pub.pem");
        await File.WriteAllTextAsync(meteringPublic, meteringKey.ExportSubjectPublicKeyInfoPem());
        Assert.Equal(0, (await RunAsync("switching", "import", "--data", hubData, "--market", WriteMarket())).Exit);
        var missing = await RunAsync("serve", "switching", "--data", plainData, "--metering-key", Path.Combine(root, "no-such.pem"));
        var (_, hubUrl, _) = await StartAsync("switching listening on ", "serve", "switching", "--data", hubData, "--metering-key", meteringPublic);
        var (_, plainUrl, _) = await StartAsync("switching listening on ", "serve", "switching", "--data", plainData);
        using var trusted = SignedAs(meteringKey, hubUrl);
        using var untrusted = SignedAs(meteringKey, plainUrl);

        using var contracts = await trusted.GetAsync(new Uri("internal/v1/wheeling-contracts/changes?after=0&limit=10", UriKind.Relative));
        using var schedules = await trusted.GetAsync(new Uri("internal/v1/reading-schedules/changes?after=0&limit=10", UriKind.Relative));
        using var point = await trusted.GetAsync(new Uri($"internal/v1/supply-points/{First}", UriKind.Relative));
        using var unknown = await untrusted.GetAsync(new Uri("internal/v1/wheeling-contracts/changes?after=0&limit=10", UriKind.Relative));
        var feed = JsonDocument.Parse(await contracts.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(2, missing.Exit);
        Assert.Contains("--metering-key", missing.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, contracts.StatusCode);
        Assert.Equal(2, feed.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, schedules.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, point.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task HubAndMeteringProcesses_UsageValuesComeFromTheLinkedMeteringNode_And503WhenItIsDown()
    {
        var hubData = Path.Combine(root, "hub");
        var meteringData = Path.Combine(root, "metering");
        Assert.Equal(0, (await RunAsync("switching", "import", "--data", hubData, "--market", WriteMarket())).Exit);
        var meteringPort = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (_, hubUrl, _) = await StartAsync("switching listening on ", "serve", "switching", "--data", hubData, "--metering", $"http://127.0.0.1:{meteringPort}");
        var yesterday = Renkei.Domain.Time.Jst.Today(TimeProvider.System).AddDays(-1);
        var midnight = Renkei.Domain.Time.Jst.StartOfDay(yesterday);
        string At(int minutes) => midnight.AddMinutes(minutes).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(meteringData);
        var registry = Path.Combine(root, "meters.csv");
        await File.WriteAllTextAsync(registry, $"supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh\n{First},M1,1,6,{At(0)},100,,\n");
        var (metering, _, _) = await StartAsync("metering listening on ", "serve", "metering", "--data", meteringData, "--registry", registry, "--port", meteringPort, "--window-days", "3",
            "--switching-key", Path.Combine(hubData, "keys", "switching-caller.pub.pem"));
        using (var hes = Signed(meteringData, "metering", new Uri($"http://127.0.0.1:{meteringPort}/")))
        using (var reads = new StringContent($"meter_id,read_at,register_kwh\nM1,{At(30)},100.5\nM1,{At(60)},101.25\n", System.Text.Encoding.UTF8, "text/csv"))
        {
            (await hes.PostAsync("internal/v1/hes/reads", reads)).EnsureSuccessStatusCode();
        }

        using var hub = Signed(hubData, SwitchingHostOptions.Audience, hubUrl);
        using var issue = new HttpRequestMessage(HttpMethod.Post, $"internal/v1/supply-points/{First}/consent-passwords") { Content = JsonContent.Create(new { validity = "7d" }) };
        issue.Headers.Add(ApplicationsApi.RetailerHeader, Old);
        issue.Headers.Add(ApplicationsApi.IdempotencyHeader, "consent-1");
        using var issued = await hub.SendAsync(issue);
        var issuedBody = await issued.Content.ReadAsStringAsync();
        Assert.True(issued.IsSuccessStatusCode, issuedBody);
        var password = JsonDocument.Parse(issuedBody).RootElement.GetProperty("password").GetString();
        var applied = await SendAsync(hub, New, "internal/v1/applications/usage-information", new { supplyPointId = First, password }, "usage-1");
        var number = applied.GetProperty("applicationNumber").GetString();

        async Task<(HttpStatusCode Status, string Body)> UsageAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"internal/v1/applications/{number}/usage");
            request.Headers.Add(ApplicationsApi.RetailerHeader, New);
            using var response = await hub.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var linked = await UsageAsync();
        metering.Kill(entireProcessTree: true);
        await metering.WaitForExitAsync();
        var down = await UsageAsync();

        Assert.True(linked.Status == HttpStatusCode.OK, linked.Body);
        var day = JsonDocument.Parse(linked.Body).RootElement.GetProperty("days").EnumerateArray()
            .Single(d => d.GetProperty("date").GetString() == yesterday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1.25m, day.GetProperty("kwh").GetDecimal());
        Assert.Equal(0.5m, day.GetProperty("slots")[0].GetDecimal());
        Assert.Equal(0.75m, day.GetProperty("slots")[1].GetDecimal());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
    }

    /// <summary>An operator client of a node started from <paramref name="dataDirectory"/> (its operator key), addressed to <paramref name="audience"/>.</summary>
    /// <summary>A client signing as the metering node (its caller name) with <paramref name="key"/>, for the hub at <paramref name="url"/>.</summary>
    private static HttpClient SignedAs(System.Security.Cryptography.ECDsa key, Uri url) =>
        new(new InternalCallerHandler(new InternalCallerSigner(key, Renkei.Metering.MeteringHostOptions.CallerName, TimeProvider.System), SwitchingHostOptions.Audience) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = url,
        };

    private static HttpClient Signed(string dataDirectory, string audience, Uri url)
    {
        var key = InternalCallerKey.LoadOrCreate(Path.Combine(dataDirectory, "keys", Cli.Serve.ServeCommand.OperatorKeyFile));
        return new HttpClient(new InternalCallerHandler(new InternalCallerSigner(key, Cli.Serve.ServeCommand.OperatorIssuer, TimeProvider.System), audience) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = url,
        };
    }

    /// <summary>Switch-in by <see cref="New"/> on the earliest date, then the switch-out by <see cref="Old"/>; returns the switch-in's number.</summary>
    private static async Task<string> SwitchAsync(HttpClient http, string point)
    {
        var switchIn = await SendAsync(http, New, "internal/v1/applications/switch-in", new { supplyPointId = point }, "in-" + point);
        var date = switchIn.GetProperty("switchDate").GetString();
        await SendAsync(http, Old, "internal/v1/applications/switch-out", new { supplyPointId = point, switchDate = date, customerNumber = "K-" + point[^4..] }, "out-" + point);
        return switchIn.GetProperty("number").GetString()!;
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, string retailer, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ApplicationsApi.RetailerHeader, retailer);
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<string?> StatusAsync(HttpClient http, string number)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"internal/v1/applications/{number}");
        request.Headers.Add(ApplicationsApi.RetailerHeader, New);
        using var response = await http.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
    }

    /// <summary>
    /// The application's status once it is <paramref name="expected"/>, or the last one seen after 60 s: asked again
    /// each time the hub's store (its SQLite files in <paramref name="hubData"/>) is written, not on a timer.
    /// </summary>
    private static async Task<string?> WaitForStatusAsync(HttpClient http, string number, string expected, string hubData)
    {
        using var written = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(hubData, "switching.db*") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName };
        watcher.Changed += (_, _) => written.Release();
        watcher.Created += (_, _) => written.Release();
        watcher.EnableRaisingEvents = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? status;
        while ((status = await StatusAsync(http, number)) != expected)
        {
            try
            {
                await written.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return status;
            }

            while (written.Wait(0))
            {
            }
        }

        return status;
    }

    /// <summary>
    /// Whether the hub's outbox holds an unanswered order for <paramref name="point"/> that failed at least once, within
    /// 60 s: looked at each time the hub's store is written, not on a timer.
    /// </summary>
    private static async Task<bool> WaitForFailedOrderAsync(string point, string hubData)
    {
        using var written = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(hubData, "switching.db*") { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName };
        watcher.Changed += (_, _) => written.Release();
        watcher.Created += (_, _) => written.Release();
        watcher.EnableRaisingEvents = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await using (var db = SwitchingDatabase.SqliteFile(Path.Combine(hubData, "switching.db")).CreateContext())
            {
                if (await db.TsoOrders.AsNoTracking().AnyAsync(o => o.SupplyPointId == point && o.AnsweredAt == null && o.FailedAttempts > 0))
                {
                    return true;
                }
            }

            try
            {
                await written.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            while (written.Wait(0))
            {
            }
        }
    }

    /// <summary>The market file (docs/formats.md): three retailers, two Tokyo points supplied by <see cref="Old"/>, and their holders.</summary>
    private string WriteMarket(string? text = null)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, "market-" + Guid.NewGuid().ToString("N")[..8] + ".csv");
        File.WriteAllText(path, text ?? string.Join('\n',
            "retailer,R0001,旧電力",
            "retailer,R0002,新電力",
            "retailer,R0003,第三電力",
            $"supply_point,{First},東京都千代田区丸の内1-1,low,従量電灯B,30,,smart,true,15,done,",
            $"supply_point,{Second},東京都千代田区丸の内1-2,low,従量電灯B,30,,smart,true,15,done,",
            $"holder,{First},{Old},K-0001,山田太郎,,東京都千代田区丸の内1-1,",
            $"holder,{Second},{Old},K-0002,山田花子,,東京都千代田区丸の内1-2,",
            $"contract,{First},{Old},2016-04-01,",
            $"contract,{Second},{Old},2016-04-01,"));
        return path;
    }

    [Fact]
    public async Task Import_MalformedMarketFile_ExitsOneListingEveryLineAndImportsNothing()
    {
        var hubData = Path.Combine(root, "hub");
        var good = await RunAsync("switching", "import", "--data", hubData, "--market", WriteMarket());
        var bad = WriteMarket(string.Join('\n',
            "retailer,R0004,第四電力",
            $"supply_point,0300000000000000000009,東京都港区1-9,low,,30,,smart,maybe,15,done,",
            $"contract,{First},R0004,2020-01-01,",
            "contract,0300000000000000000009,R0009,2021-01-01,"));

        var rejected = await RunAsync("switching", "import", "--data", hubData, "--market", bad);

        Assert.Equal(0, good.Exit);
        Assert.Equal(1, rejected.Exit);
        Assert.Contains("nothing was imported", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("line 2: supply_point.remote_reading", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("line 3: contract:", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("line 4: contract.retailer_code", rejected.Error, StringComparison.Ordinal);
        await using var db = SwitchingDatabase.SqliteFile(Path.Combine(hubData, "switching.db")).CreateContext();
        Assert.False(await db.Retailers.AnyAsync(r => r.Code == "R0004"));
        Assert.Equal(2, await db.WheelingContracts.CountAsync());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Import_TenMegabyteFields_AreQuotedAsShortPrefixes()
    {
        var big = new string('X', 10_000_000);
        var bad = WriteMarket(string.Join('\n',
            $"retailer,R0004,{big}",
            $"supply_point,0300000000000000000008,東京都港区1-8,{big},,30,,smart,true,15,done,"));

        var rejected = await RunAsync("switching", "import", "--data", Path.Combine(root, "hub"), "--market", bad);

        Assert.Equal(1, rejected.Exit);
        Assert.Contains("line 1: retailer.name: is 10000000 characters, at most 200", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("line 2: supply_point.voltage_class: 'XXXX", rejected.Error, StringComparison.Ordinal);
        Assert.All(rejected.Error.Split('\n'), l => Assert.InRange(l.Length, 0, Renkei.Formats.Text.Echo.MaxReasonLength + 2));
    }

    /// <summary>Runs <c>renkei</c> to its end: exit code, standard output and standard error.</summary>
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "renkei.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start renkei");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>renkei</c> and waits for its line that starts with <paramref name="prefix"/> and names its URL.</summary>
    private async Task<(Process Process, Uri Url, ProcessLines Lines)> StartAsync(string prefix, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "renkei.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start renkei");
        processes.Add(process);
        var lines = new ProcessLines(process);
        var line = await lines.WaitForAsync(prefix, 0, TimeSpan.FromSeconds(90));
        return (process, new Uri(line[(line.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..].Split(' ')[0] + "/"), lines);
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
