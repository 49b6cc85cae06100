using System.Net;
using System.Text.Json;
using Renkei.Domain.Time;
using Renkei.Metering.Provision;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// The fixed-usage files (W5…) by reading day: the file of a reading day holds the periods that day's reading closes,
/// fixed points only, each retailer its own part; a later revision re-issues it under the next update number. The
/// reads are <see cref="ProvisionHost.PublishReadingPeriodA"/>'s (schedule A1 reads on 2 April).
/// </summary>
public sealed class FixedUsageFilesTests : IAsyncLifetime
{
    private const string LowOfA = "W51220202604020100001";
    private const string HighOfA = "W51210202604020100001";

    private ProvisionHost host = null!;

    public async Task InitializeAsync()
    {
        host = await ProvisionHost.StartAsync();
        host.PublishReadingPeriodA();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task ReadingDay_ListsTheFilesOfThePeriodsItCloses()
    {
        var ofA = await UsageFiles(ProvisionHost.A, "2026-04-02");
        var ofB = await UsageFiles(ProvisionHost.B, "2026-04-02");

        Assert.Equal([HighOfA + ".zip", LowOfA + ".zip"], ofA.Order(StringComparer.Ordinal));
        Assert.Equal([LowOfA + ".zip"], ofB);

        // 1 May is a reading day of no period whose last slot is published: nothing yet.
        Assert.Empty(await UsageFiles(ProvisionHost.A, "2026-05-01"));
    }

    [Fact]
    public async Task File_FixedPointsOfTheRetailer_OnlyItsPart()
    {
        var low = MarketXml.ReadUsage(await Xml(ProvisionHost.A, LowOfA));
        var high = MarketXml.ReadUsage(await Xml(ProvisionHost.A, HighOfA));
        var ofB = MarketXml.ReadUsage(await Xml(ProvisionHost.B, LowOfA));

        // LowA1 has a missing slot and LowA2 no schedule: neither is fixed, so neither is in the file.
        var switched = Assert.Single(low.Points);
        // JP06404 2: A's part is part of the period; JP06405 0: fixed, so provided.
        Assert.Equal((ProvisionHost.Switched, "2", "0", 24m, "20260501"), (switched.SupplyPointId, switched.Allocation, switched.Provision, switched.Kwh, switched.NextReading));
        Assert.Equal(["20260331"], switched.Days.Select(d => d.Date));
        var highA = Assert.Single(high.Points);
        Assert.Equal((ProvisionHost.HighA, "1", "0", 1160m), (highA.SupplyPointId, highA.Allocation, highA.Provision, highA.Kwh));
        Assert.Equal(["20260331", "20260401"], highA.Days.Select(d => d.Date));

        // B's file of the same name: its own part of the switched point, nothing of A's.
        var ofBSwitched = Assert.Single(ofB.Points);
        Assert.Equal((ProvisionHost.Switched, "2", "0", 24m), (ofBSwitched.SupplyPointId, ofBSwitched.Allocation, ofBSwitched.Provision, ofBSwitched.Kwh));
        Assert.Equal(["20260401"], ofBSwitched.Days.Select(d => d.Date));
        using var highOfB = await Get(ProvisionHost.B, HighOfA + ".zip", "application/xml");
        Assert.Equal(HttpStatusCode.NotFound, highOfB.StatusCode);
    }

    [Fact]
    public async Task LateRead_FixesThePoint_ReissuedUnderTheNextUpdate()
    {
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        host.IngestOne("M1", 96, ProvisionHost.Day.AddDays(-1));

        var ofA = await UsageFiles(ProvisionHost.A, "2026-04-02");
        Assert.Contains("W51220202604020200001.zip", ofA);

        // Update 01 stays as it was made: LowA1 was not fixed then. Update 02 has it: 96 slots × 0.1 kWh.
        var first = MarketXml.ReadUsage(await Xml(ProvisionHost.A, LowOfA));
        var second = MarketXml.ReadUsage(await Xml(ProvisionHost.A, "W51220202604020200001"));
        Assert.Equal([ProvisionHost.Switched], first.Points.Select(p => p.SupplyPointId));
        Assert.Equal([ProvisionHost.LowA1, ProvisionHost.Switched], second.Points.Select(p => p.SupplyPointId));
        Assert.Equal(9.6m, second.Points[0].Kwh);

        // The revision is of A's point: B's file is not re-issued.
        Assert.DoesNotContain("W51220202604020200001.zip", await UsageFiles(ProvisionHost.B, "2026-04-02"));
    }

    [Fact]
    public async Task LateRead_ItsUpdateStaysListed_AfterTheRevisionLeftTheWindow()
    {
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        host.IngestOne("M1", 96, ProvisionHost.Day.AddDays(-1));
        var revised = new Slot(ProvisionHost.Day, Slot.PerDay);
        var inWindow = host.Engine.RevisionsIn(revised).Count;

        // Five days on, a read of another meter and a slot closed then: 1 April leaves the three-day window, and its
        // revision the revision log.
        var later = ProvisionHost.Day.AddDays(5);
        host.Clock.Advance(TimeSpan.FromDays(5));
        Assert.True(host.Registry.TryGetOrdinal("M2", out var m2));
        var rejected = new List<RejectedRead>();
        host.Hes.Ingest([new MeterRead(1, m2, ProvisionHost.Boundary(1, later).UtcTicks, 9_000_000, Direction.Import)], rejected);
        Assert.Empty(rejected);
        host.Close(1, later);

        var ofA = await UsageFiles(ProvisionHost.A, "2026-04-02");
        var ofB = await UsageFiles(ProvisionHost.B, "2026-04-02");

        Assert.True(inWindow > 0);
        Assert.Empty(host.Engine.RevisionsIn(revised));
        Assert.Contains("W51220202604020200001.zip", ofA);
        Assert.DoesNotContain("W51220202604020200001.zip", ofB);

        // What the update needs of the revision is kept with the node's data, for a restart.
        Assert.Contains($"2026-04-01,48,{ProvisionHost.LowA1},0,", await File.ReadAllTextAsync(Path.Combine(host.Folder, "usage-revisions.csv")));
    }

    [Fact]
    public async Task ReadingDay_ListsItsFiles_ForTheDaysTheArchiveKeepsTheirRevisions()
    {
        // 2 April's files stay listed for ListedDays days after it (the archive keeps the slots they can need), then not.
        var reading = new DateOnly(2026, 4, 2);
        host.Clock.SetUtcNow(Jst.StartOfDay(reading.AddDays(UsageRevisionArchive.ListedDays)).AddHours(12));
        Assert.Equal([HighOfA + ".zip", LowOfA + ".zip"], (await UsageFiles(ProvisionHost.A, "2026-04-02")).Order(StringComparer.Ordinal));

        host.Clock.SetUtcNow(Jst.StartOfDay(reading.AddDays(UsageRevisionArchive.ListedDays + 1)));
        Assert.Empty(await UsageFiles(ProvisionHost.A, "2026-04-02"));
    }

    private async Task<List<string>> UsageFiles(string retailer, string date)
    {
        using var response = await host.ClientFor(retailer).GetAsync(new Uri("internal/v1/retailer/files?date=" + date, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()!)
            .Where(n => n.StartsWith("W5", StringComparison.Ordinal))
            .ToList();
    }

    private async Task<byte[]> Xml(string retailer, string name)
    {
        using var response = await Get(retailer, name + ".zip", "application/xml");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<HttpResponseMessage> Get(string retailer, string name, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("internal/v1/retailer/files/" + name, UriKind.Relative));
        request.Headers.Accept.ParseAdd(accept);
        return await host.ClientFor(retailer).SendAsync(request);
    }
}
