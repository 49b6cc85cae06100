using System.CommandLine;
using System.Text.Json;
using Renkei.Cli.Demo;
using Renkei.Cli.RetailerApi;
using Renkei.Cli.Tests.Demo;

namespace Renkei.Cli.Tests.RetailerApi;

/// <summary><c>renkei retailer …</c> run in-process against the real demo, as a retailer would from a terminal.</summary>
public sealed class RetailerCommandTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private DemoRetailer A => demo.Host.Credentials.Retailers[0];

    private DemoRetailer B => demo.Host.Credentials.Retailers[1];

    private string Yesterday => demo.Host.Credentials.Simulation.Yesterday;

    [Fact]
    public async Task Token_FromDemoJson_PrintsAJwt()
    {
        var (exit, output, error) = await RunAsync("retailer", "token", "--data", demo.DataDirectory);

        Assert.True(exit == 0, error);
        Assert.Equal(3, output.Trim().Split('.').Length);
    }

    [Fact]
    public async Task Day_WithExplicitCredentials_PrintsTheDaysSlots()
    {
        var (exit, output, error) = await RunAsync(
            "retailer", "day", "--supply-point", A.SuppliesToday[0], "--date", Yesterday,
            "--gateway", demo.Host.GatewayUrl.ToString(), "--client-id", A.ClientId, "--client-secret", A.ClientSecret,
            "--ca", demo.Host.Credentials.CaCertificate, "--data", Path.Combine(demo.DataDirectory, "no-such-folder"));

        Assert.True(exit == 0, error);
        using var day = JsonDocument.Parse(output);
        Assert.Equal(A.SuppliesToday[0], day.RootElement.GetProperty("supplyPointId").GetString());
        Assert.Equal(48, day.RootElement.GetProperty("slots").GetArrayLength());
    }

    [Fact]
    public async Task Day_OtherRetailersPoint_Exits1WithTheProblemOnStderr()
    {
        var (exit, output, error) = await RunAsync("retailer", "day", "--supply-point", A.DoesNotSupply, "--date", Yesterday, "--data", demo.DataDirectory);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("the gateway refused: 404 Not found: no such supply point for this retailer on this date", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_RetailersValue_PrintsWhatTheJsonBodySays()
    {
        var point = A.SuppliesToday[0];
        var json = await RunAsync("retailer", "explain", point, Yesterday, "20", "--json", "--data", demo.DataDirectory);
        var text = await RunAsync("retailer", "explain", point, Yesterday, "20", "--data", demo.DataDirectory);

        Assert.True(json.Exit == 0, json.Error);
        Assert.True(text.Exit == 0, text.Error);
        using var body = JsonDocument.Parse(json.Output);
        var root = body.RootElement;
        Assert.True(root.GetProperty("published").GetBoolean());
        Assert.StartsWith($"Supply point {point}, {Yesterday} slot 20 (09:30-10:00 JST), import\n", text.Output, StringComparison.Ordinal);
        Assert.Contains($"version {root.GetProperty("version").GetInt64()}", text.Output, StringComparison.Ordinal);
        var meters = root.GetProperty("meters");
        Assert.True(meters.GetArrayLength() > 0);
        foreach (var meter in meters.EnumerateArray())
        {
            Assert.Contains($"Meter {meter.GetProperty("meterId").GetString()} ×{meter.GetProperty("multiplier").GetInt32()}: {meter.GetProperty("rule").GetString()}", text.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Versions:", text.Output, StringComparison.Ordinal);
        Assert.Contains("published", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_OtherRetailersPoint_Exits1WithTheProblemOnStderr()
    {
        var (exit, output, error) = await RunAsync("retailer", "explain", A.DoesNotSupply, Yesterday, "20", "--data", demo.DataDirectory);

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("the gateway refused: 404 Not found: no such supply point for this retailer on this date", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Day_MalformedDate_Exits2NamingTheOption()
    {
        var (exit, _, error) = await RunAsync("retailer", "day", "--supply-point", A.SuppliesToday[0], "--date", "26/11/2026", "--data", demo.DataDirectory);

        Assert.Equal(2, exit);
        Assert.Contains("--date must be YYYY-MM-DD", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_NoCredentialsAnywhere_Exits2SayingWhatIsMissing()
    {
        var (exit, _, error) = await RunAsync("retailer", "token", "--data", Path.Combine(demo.DataDirectory, "empty"));

        Assert.Equal(2, exit);
        Assert.Contains("missing the gateway URL (--gateway or RENKEI_GATEWAY)", error, StringComparison.Ordinal);
        Assert.Contains("the client ID (--client-id or RENKEI_CLIENT_ID)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_WrongSecret_Exits1WithInvalidClient()
    {
        var (exit, _, error) = await RunAsync("retailer", "token", "--data", demo.DataDirectory, "--client-secret", "wrong");

        Assert.Equal(1, exit);
        Assert.Contains("401 invalid_client", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhooks_AddListDeliveriesRemove_ForTheChosenDemoRetailer()
    {
        var (exit, output, error) = await RunAsync("retailer", "webhooks", "add", "--url", "https://retailer-b.example/renkei", "--data", demo.DataDirectory, "--retailer", B.Code);
        Assert.True(exit == 0, error);
        using var created = JsonDocument.Parse(output);
        var id = created.RootElement.GetProperty("id").GetString()!;
        Assert.StartsWith("whsec_", created.RootElement.GetProperty("secret").GetString(), StringComparison.Ordinal);

        var listB = await RunAsync("retailer", "webhooks", "list", "--data", demo.DataDirectory, "--retailer", B.Code);
        var listA = await RunAsync("retailer", "webhooks", "list", "--data", demo.DataDirectory);
        Assert.Contains($"{id}\thttps://retailer-b.example/renkei", listB.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(id, listA.Output, StringComparison.Ordinal);

        var deliveries = await RunAsync("retailer", "webhooks", "deliveries", id, "--data", demo.DataDirectory, "--retailer", B.Code);
        Assert.Equal(0, deliveries.Exit);
        Assert.True(deliveries.Output.Length > 0 || deliveries.Error.Contains("none: no notices", StringComparison.Ordinal), deliveries.Error);

        var notA = await RunAsync("retailer", "webhooks", "remove", id, "--data", demo.DataDirectory);
        Assert.Equal(1, notA.Exit);
        Assert.Contains("404", notA.Error, StringComparison.Ordinal);

        var removed = await RunAsync("retailer", "webhooks", "remove", id, "--data", demo.DataDirectory, "--retailer", B.Code);
        Assert.Equal(0, removed.Exit);
        Assert.DoesNotContain(id, (await RunAsync("retailer", "webhooks", "list", "--data", demo.DataDirectory, "--retailer", B.Code)).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhooks_ListWithNoneRegistered_SaysNoneOnStderr()
    {
        var c = demo.Host.Credentials.Retailers[2];

        var (exit, output, error) = await RunAsync("retailer", "webhooks", "list", "--data", demo.DataDirectory, "--retailer", c.Code);

        Assert.Equal(0, exit);
        Assert.Empty(output);
        Assert.Contains("none: no webhooks registered", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_GatewayCertificateNotTheGivenCa_SaysItIsNotTrustedAndNamesCa()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var other = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=not-the-gateway", key, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pem = Path.Combine(demo.DataDirectory, "other-ca.crt");
        await File.WriteAllTextAsync(pem, other.ExportCertificatePem());

        var (exit, _, error) = await RunAsync(
            "retailer", "token", "--gateway", demo.Host.GatewayUrl.ToString(), "--client-id", A.ClientId, "--client-secret", A.ClientSecret,
            "--ca", pem, "--data", Path.Combine(demo.DataDirectory, "no-such-folder"));

        Assert.Equal(2, exit);
        Assert.Contains("presented a TLS certificate this command does not trust", error, StringComparison.Ordinal);
        Assert.Contains("--ca", error, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhooks_AddPlainHttp_Exits1NamingTheUrlField()
    {
        var (exit, _, error) = await RunAsync("retailer", "webhooks", "add", "--url", "http://retailer-a.example/renkei", "--data", demo.DataDirectory);

        Assert.Equal(1, exit);
        Assert.Contains("url: url must use https", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_OptionsBeforeEnvironmentBeforeDemoJson()
    {
        var environment = new Dictionary<string, string>
        {
            [RetailerConnection.GatewayVariable] = "https://env.example:8443/",
            [RetailerConnection.ClientIdVariable] = "env-client",
            [RetailerConnection.ClientSecretVariable] = "env-secret",
        };
        var given = new RetailerConnection.Given(null, "option-client", null, null, null, null, demo.DataDirectory, null);

        Assert.True(RetailerConnection.TryResolve(given, name => environment.GetValueOrDefault(name), out var connection, out var error), error);
        Assert.Equal(new Uri("https://env.example:8443/"), connection!.Gateway);
        Assert.Equal("option-client", connection.ClientId);
        Assert.Equal("env-secret", connection.ClientSecret);

        Assert.True(RetailerConnection.TryResolve(given with { ClientId = null }, _ => null, out var fromDemo, out error), error);
        Assert.Equal(A.ClientId, fromDemo!.ClientId);
        Assert.Equal(A.ClientSecret, fromDemo.ClientSecret);
        Assert.Equal(demo.Host.Credentials.Gateway, fromDemo.Gateway.ToString().TrimEnd('/'), ignoreCase: true);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xml")]
    [InlineData("json")]
    public async Task Slot_InEachFormat_PrintsTheRetailersPointsOnly(string format)
    {
        var (exit, output, error) = await RunAsync("retailer", "slot", "--date", Yesterday, "--slot", "20", "--format", format, "--data", demo.DataDirectory);

        Assert.True(exit == 0, error);
        Assert.Contains(A.SuppliesToday[0], output, StringComparison.Ordinal);
        Assert.DoesNotContain(A.DoesNotSupply, output, StringComparison.Ordinal);
        if (format == "xml")
        {
            Assert.Contains("SBD-MSG", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Slot_XmlValidate_TheGatewaysAnswerIsValid_Exits0()
    {
        var (exit, output, error) = await RunAsync("retailer", "slot", "--date", Yesterday, "--format", "xml", "--validate", "--data", demo.DataDirectory);

        Assert.True(exit == 0, error);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"shift_jis\"?><SBD-MSG>", output, StringComparison.Ordinal);
        Assert.DoesNotContain("RK0000", output, StringComparison.Ordinal);
        Assert.Contains("the answer: valid against the market schema", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slot_XmlValidate_Out_ValidatesTheSavedFile()
    {
        var file = Path.Combine(demo.DataDirectory, "slot-21.xml");

        var (exit, _, error) = await RunAsync("retailer", "slot", "--date", Yesterday, "--slot", "21", "--format", "xml", "--validate", "--out", file, "--data", demo.DataDirectory);

        Assert.True(exit == 0, error);
        Assert.Contains("slot-21.xml: valid against the market schema", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slot_ValidateWithoutXml_Exits2()
    {
        var (exit, _, error) = await RunAsync("retailer", "slot", "--date", Yesterday, "--format", "csv", "--validate", "--data", demo.DataDirectory);

        Assert.Equal(2, exit);
        Assert.Contains("--validate checks the market XML: give --format xml", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slot_Out_WritesTheFileAndShowsProgress()
    {
        var file = Path.Combine(demo.DataDirectory, "slot-20.csv");

        var (exit, output, error) = await RunAsync("retailer", "slot", "--date", Yesterday, "--slot", "20", "--format", "csv", "--out", file, "--data", demo.DataDirectory);

        Assert.True(exit == 0, error);
        Assert.Empty(output);
        Assert.Contains(A.SuppliesToday[0], await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.Contains($"slot-20.csv: {new FileInfo(file).Length:N0} bytes, done", error, StringComparison.Ordinal);
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public async Task Files_ListThenGet_DownloadsTheListedZip()
    {
        var list = await RunAsync("retailer", "files", "list", "--date", Yesterday, "--data", demo.DataDirectory);
        Assert.True(list.Exit == 0, list.Error);
        var name = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split('\t')[0];
        Assert.StartsWith("W", name, StringComparison.Ordinal);
        var target = Path.Combine(demo.DataDirectory, "downloaded.zip");

        var get = await RunAsync("retailer", "files", "get", name, "--out", target, "--data", demo.DataDirectory);

        Assert.True(get.Exit == 0, get.Error);
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(target))[..2]);
        Assert.Contains("bytes, done", get.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_GetUnknownName_Exits1AndLeavesNoFile()
    {
        var target = Path.Combine(demo.DataDirectory, "missing.zip");

        var (exit, _, error) = await RunAsync("retailer", "files", "get", "W4111020991231000001000001", "--out", target, "--data", demo.DataDirectory);

        Assert.Equal(1, exit);
        Assert.Contains("the gateway refused:", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public async Task Feed_FromACursor_PrintsItemsAsJsonLinesAndTheNextCursor()
    {
        var (exit, output, error) = await RunAsync("retailer", "feed", "--cursor", "0", "--limit", "100", "--data", demo.DataDirectory);

        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var last = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("cursor").GetInt64()).Max();
        Assert.Contains($"next cursor: ", error, StringComparison.Ordinal);
        var next = long.Parse(error.Split("next cursor: ")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(next >= last);

        // Resuming from there prints only what is newer.
        var resumed = await RunAsync("retailer", "feed", "--cursor", next.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", demo.DataDirectory);
        Assert.All(
            resumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            l => Assert.True(JsonDocument.Parse(l).RootElement.GetProperty("cursor").GetInt64() > next));
    }

    [Fact]
    public async Task Bulk_RefusedPointHoldingAComma_IsCountedFromTheQuotedResultRow()
    {
        var folder = Directory.CreateTempSubdirectory("renkei-bulk-").FullName;
        var file = Path.Combine(folder, "move-outs.csv");
        await File.WriteAllTextAsync(file, $"supply_point_id,end_date\n\"{A.DoesNotSupply[..10]},1\",{Yesterday}\n{A.DoesNotSupply},{Yesterday}\n");

        var (exit, _, error) = await RunAsync("retailer", "bulk", "move-outs", file, "--data", demo.DataDirectory);

        Assert.True(exit == 0, error);
        Assert.Contains($"\"{A.DoesNotSupply[..10]},1\",NG", await File.ReadAllTextAsync(Path.Combine(folder, "move-outs.result.csv")), StringComparison.Ordinal);
        Assert.Contains("0 rows accepted, 2 refused", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Program.BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
