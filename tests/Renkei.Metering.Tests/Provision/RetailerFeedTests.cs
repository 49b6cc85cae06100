using System.Net;
using System.Text.Json;
using Renkei.Domain.Identifiers;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Tests.Provision;

/// <summary>The per-retailer change feed, read over HTTP from a cursor the way a retailer's system follows it.</summary>
public sealed class RetailerFeedTests : IAsyncLifetime
{
    private ProvisionHost host = null!;

    public async Task InitializeAsync() => host = await ProvisionHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task OfflineForADay_CatchesUpFromItsCursor_WithNothingMissedAndNothingOfOthers()
    {
        // Before going offline: slot 1 published, the retailer reads the feed to its end.
        host.IngestAll(0, 1);
        host.Close(1);
        var (seen, cursor) = await ReadToEnd(ProvisionHost.A, 0, 50);
        Assert.Single(seen, i => i.Kind == "slot-published");

        // A day passes: the other 47 slots are published, M1 (A's LowA1) and M4 (B's LowB) miss reads that arrive
        // late (revisions), one late read after the other, with the clock moving.
        for (var k = 2; k <= 48; k++)
        {
            host.IngestAll(k, k, "M1", "M4");
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            host.Close(k);
            if (k % 6 == 0)
            {
                for (var late = k - 5; late <= k; late++)
                {
                    host.IngestOne("M1", late);
                    host.IngestOne("M4", late);
                }
            }
        }

        // Back online: page through from the cursor it kept, a few items at a time.
        var (caughtUp, next) = await ReadToEnd(ProvisionHost.A, cursor, 7);

        Assert.Equal(Enumerable.Range(2, 47), caughtUp.Where(i => i.Kind == "slot-published").Select(i => i.Slot));
        var expected = host.Engine.RevisionsSince(cursor, 100_000)
            .Where(r => host.Registry[r.Ordinal].SupplyPointId.Value is ProvisionHost.LowA1)
            .Select(r => r.Version)
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, caughtUp.Where(i => i.Kind == "revision").Select(i => i.Version));
        Assert.All(caughtUp.Where(i => i.Kind == "revision"), i => Assert.Equal(ProvisionHost.LowA1, i.SupplyPointId));
        Assert.Equal(caughtUp.Select(i => i.Version).Order(), caughtUp.Select(i => i.Version));
        Assert.Equal(caughtUp.Count, caughtUp.Select(i => i.Version).Distinct().Count());
        Assert.Equal(host.Engine.CurrentVersion, next);

        // B's feed holds B's revisions (LowB, and Switched is B's on this day) and none of A's.
        var (ofB, _) = await ReadToEnd(ProvisionHost.B, 0, 1000);
        Assert.All(ofB.Where(i => i.Kind == "revision"), i => Assert.Equal(ProvisionHost.LowB, i.SupplyPointId));
        Assert.Contains(ofB, i => i.Kind == "revision");
    }

    [Fact]
    public async Task Revision_CarriesOldAndNewValueQualityReasonAndVersion()
    {
        host.IngestAll(0, 0);
        host.IngestAll(1, 1, "M1");
        host.Close(1);
        var (_, cursor) = await ReadToEnd(ProvisionHost.A, 0, 100);
        host.Clock.Advance(TimeSpan.FromMinutes(30));
        host.IngestOne("M1", 1);

        var (items, _) = await ReadToEnd(ProvisionHost.A, cursor, 100);

        var item = Assert.Single(items);
        Assert.Equal(("revision", ProvisionHost.LowA1, "M1", 1), (item.Kind, item.SupplyPointId, item.MeterId, item.Slot));
        Assert.Equal((null, "missing", 0.1m, "actual", "late-read"), (item.OldKwh, item.OldQuality, item.NewKwh, item.Quality, item.Reason));
        Assert.Equal(host.Clock.GetUtcNow(), item.PublishedAt);
        Assert.Equal(item.Version, item.Cursor);
    }

    [Fact]
    public async Task SlotPublished_CarriesTheDeadlineFacts()
    {
        host.IngestAll(0, 1);
        host.Close(1);

        var (items, _) = await ReadToEnd(ProvisionHost.A, 0, 100);

        var item = Assert.Single(items);
        Assert.Equal(("slot-published", "2026-04-01", 1), (item.Kind, item.Date, item.Slot));
        Assert.Equal(ProvisionHost.Boundary(1), item.SlotEnd);
        Assert.False(item.MetBound);
        Assert.Equal("close-late", item.LateReason);
    }

    [Theory]
    [InlineData("cursor=-1", "cursor")]
    [InlineData("cursor=x", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=10001", "limit")]
    [InlineData("since=3", "since")]
    public async Task BadQuery_Is400NamingTheField(string query, string field)
    {
        using var response = await host.ClientFor(ProvisionHost.A).GetAsync(new Uri("internal/v1/retailer/feed?" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
    }

    private async Task<(List<Item> Items, long Next)> ReadToEnd(string retailer, long cursor, int limit)
    {
        var client = host.ClientFor(retailer);
        var all = new List<Item>();
        for (var pages = 0; pages < 10_000; pages++)
        {
            using var response = await client.GetAsync(new Uri($"internal/v1/retailer/feed?cursor={cursor}&limit={limit}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonSerializer.Deserialize<Page>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
            Assert.True(page.Items.Count <= limit);
            all.AddRange(page.Items);
            if (page.Items.Count == 0 && page.Next == cursor)
            {
                return (all, cursor);
            }

            Assert.True(page.Next >= cursor);
            cursor = page.Next;
        }

        throw new InvalidOperationException("the feed did not end");
    }

    private sealed record Page(List<Item> Items, long Next, long Current);

    private sealed record Item(
        long Cursor,
        string Kind,
        string Date,
        int Slot,
        long Version,
        DateTimeOffset PublishedAt,
        string? SupplyPointId,
        string? MeterId,
        decimal? OldKwh,
        string? OldQuality,
        decimal? NewKwh,
        string? Quality,
        string? Reason,
        DateTimeOffset? SlotEnd,
        bool? MetBound,
        string? LateReason);
}
