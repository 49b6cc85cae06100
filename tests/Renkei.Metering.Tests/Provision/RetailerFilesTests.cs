using System.IO.Compression;
using System.Net;
using System.Text.Json;

namespace Renkei.Metering.Tests.Provision;

/// <summary>The market's zipped files per retailer: listing, download (zip or the XML inside), updates after revisions, and no retailer reaching another's.</summary>
public sealed class RetailerFilesTests : IAsyncLifetime
{
    private const string LowSlot2 = "W41110202604010030010001";
    private const string HighSlot2 = "W4011020260401003001" + "01";

    private ProvisionHost host = null!;

    public async Task InitializeAsync()
    {
        host = await ProvisionHost.StartAsync();
        host.IngestAll(0, 4);
        for (var k = 1; k <= 4; k++)
        {
            host.Close(k);
        }
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task List_OneFilePerPublishedSlotAndVoltage_NamedAsTheMarketDoes()
    {
        var files = await List(ProvisionHost.A, "2026-04-01");

        // 4 published slots × 2 voltages; A's points read on schedule A1, which does not read on 1 April: no fixed usage.
        Assert.Equal(8, files.Count);
        Assert.DoesNotContain(files, f => f.Kind.StartsWith("W5", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Name == LowSlot2 + ".zip" && f.Kind == "W41110" && f.Voltage == "low" && f.Slot == 2 && f.Update == 1 && f.Part == 1);
        Assert.Contains(files, f => f.Name == HighSlot2 + ".zip" && f.Kind == "W40110" && f.Voltage == "high");
        Assert.DoesNotContain(files, f => f.Kind == "W41120");
        Assert.All(files, f => Assert.Null(f.Size));

        // B holds no high-voltage point: only low-voltage files (4 slots, and the fixed usage of LowB, whose schedule B2
        // reads on 1 April).
        var ofB = await List(ProvisionHost.B, "2026-04-01");
        Assert.Equal(5, ofB.Count);
        Assert.Contains(ofB, f => f.Name == "W512202026040101" + "00001" + ".zip" && f.Kind == "W51220" && f.Voltage == "low");
        Assert.All(ofB, f => Assert.Equal("low", f.Voltage));
    }

    [Fact]
    public async Task Download_ZipHoldingOneXmlDocument_ThenListedWithItsSize()
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/files/" + LowSlot2 + ".zip", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var entry = Assert.Single(zip.Entries);
        Assert.Equal(LowSlot2 + ".xml", entry.FullName);
        using var inner = new MemoryStream();
        await entry.Open().CopyToAsync(inner);
        var doc = MarketXml.ReadIntervals(inner.ToArray());
        Assert.Equal(("1110", ProvisionHost.A, 2), (doc.Header.InformationType, doc.Header.Receiver, doc.Slot));
        Assert.Equal([ProvisionHost.LowA1, ProvisionHost.LowA2], doc.Values.Select(v => v.SupplyPointId));

        var listed = Assert.Single(await List(ProvisionHost.A, "2026-04-01"), f => f.Name == LowSlot2 + ".zip");
        Assert.Equal(bytes.Length, listed.Size);
    }

    [Fact]
    public async Task Download_AcceptXml_TheDocumentInside()
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/files/" + HighSlot2 + ".zip", "application/xml");

        Assert.Equal(("application/xml", "Shift_JIS"), (response.Content.Headers.ContentType!.MediaType, response.Content.Headers.ContentType.CharSet));
        var doc = MarketXml.ReadIntervals(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal([ProvisionHost.HighA], doc.Values.Select(v => v.SupplyPointId));
        Assert.Equal("0110", doc.Header.InformationType);
    }

    [Fact]
    public async Task Download_AnotherRetailersFileName_Is404_SameNameGivesOwnData()
    {
        using var high = await Get(ProvisionHost.B, "internal/v1/retailer/files/" + HighSlot2 + ".zip", null);
        using var unknown = await Get(ProvisionHost.B, "internal/v1/retailer/files/W40110202604012330" + "0101" + ".zip", null);
        using var own = await Get(ProvisionHost.B, "internal/v1/retailer/files/" + LowSlot2 + ".zip", "application/xml");

        Assert.Equal(HttpStatusCode.NotFound, high.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(
            (await unknown.Content.ReadAsStringAsync()).Replace("W401102026040123300101", "NAME", StringComparison.Ordinal),
            (await high.Content.ReadAsStringAsync()).Replace(HighSlot2, "NAME", StringComparison.Ordinal));
        var doc = MarketXml.ReadIntervals(await own.Content.ReadAsByteArrayAsync());
        Assert.Equal([ProvisionHost.LowB, ProvisionHost.Switched], doc.Values.Select(v => v.SupplyPointId));
    }

    [Fact]
    public async Task Revision_AddsUpdate02_Update01StaysAsPublished()
    {
        host.IngestAll(5, 5, "M1");
        host.Close(5);
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        host.IngestOne("M1", 5);
        const string first = "W41110202604010200010001";
        const string second = "W41110202604010200020001";

        var files = await List(ProvisionHost.A, "2026-04-01");
        using var one = await Get(ProvisionHost.A, "internal/v1/retailer/files/" + first + ".zip", "application/xml");
        using var two = await Get(ProvisionHost.A, "internal/v1/retailer/files/" + second + ".zip", "application/xml");

        Assert.Contains(files, f => f.Name == first + ".zip");
        Assert.Contains(files, f => f.Name == second + ".zip" && f.Created == host.Clock.GetUtcNow());
        // Update 01: LowA1 had no value, so no record (the market has no code for "no value"); update 02 carries it.
        var before = MarketXml.ReadIntervals(await one.Content.ReadAsByteArrayAsync()).Values;
        var after = MarketXml.ReadIntervals(await two.Content.ReadAsByteArrayAsync()).Values;
        Assert.DoesNotContain(before, v => v.SupplyPointId == ProvisionHost.LowA1);
        Assert.Equal((ProvisionHost.LowA1, 0.1m), (after[0].SupplyPointId, after[0].Kwh));
    }

    [Fact]
    public async Task FixedUsageFile_NoPointFixed_HoldsNoRecord()
    {
        // LowB's period (2 March to 1 April) has slots the node never published: not providable, so not in the file.
        using var response = await Get(ProvisionHost.B, "internal/v1/retailer/files/W51220202604010100001.zip", "application/xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = MarketXml.ReadUsage(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(("1220", "202604"), (usage.Header.InformationType, usage.Month));
        Assert.Empty(usage.Points);
    }

    [Fact]
    public async Task Day_AllSlotsPublished_ListsThePastDayFile()
    {
        host.IngestAll(5, 48);
        for (var k = 5; k <= 48; k++)
        {
            host.Close(k);
        }

        var files = await List(ProvisionHost.A, "2026-04-01");
        const string day = "W41120202604010000010001";
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/files/" + day + ".zip", "application/xml");

        Assert.Contains(files, f => f.Name == day + ".zip" && f.Kind == "W41120" && f.Slot is null);
        var doc = MarketXml.ReadIntervals(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("1120", doc.Header.InformationType);
        Assert.Equal(Enumerable.Range(1, 48), doc.DaySlots);
        Assert.Equal(96, doc.Values.Count);
    }

    [Theory]
    [InlineData("files?date=2026-04-1", "date")]
    [InlineData("files", "date")]
    [InlineData("files?date=2026-04-01&kind=W4", "kind")]
    public async Task BadQuery_Is400NamingTheField(string path, string field)
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/" + path, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Download_AcceptOther_Is406()
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/files/" + LowSlot2 + ".zip", "text/csv");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    private async Task<List<FileItem>> List(string retailer, string date)
    {
        using var response = await Get(retailer, "internal/v1/retailer/files?date=" + date, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(date, json.RootElement.GetProperty("date").GetString());
        return json.RootElement.GetProperty("files").Deserialize<List<FileItem>>(JsonSerializerOptions.Web)!;
    }

    private async Task<HttpResponseMessage> Get(string retailer, string path, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await host.ClientFor(retailer).SendAsync(request);
    }

    private sealed record FileItem(string Name, string Kind, string Voltage, string Date, int? Slot, int Update, int Part, DateTimeOffset Created, long? Size);
}
