using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Api;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Tso;

/// <summary>
/// Two instances of the hub on one PostgreSQL store, each on real Kestrel, and one TSO node of area 03 of its own:
/// applications are filed through both; the outbox to the TSO is sent by one instance at a time (an advisory lock per
/// area); when that instance stops, the other takes the area over; every order reaches the TSO once, in order per
/// supply point. Idempotency keys and point locks hold across the instances.
/// </summary>
public sealed class TwoHubInstancesTests
{
    private const int ExtraPoints = 11;

    private static string ExtraPoint(int i) => "03" + (100 + i).ToString("D20", System.Globalization.CultureInfo.InvariantCulture);

    private static HttpRequestMessage Post(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        return request;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>An ampere change of today on every point, in parallel, alternately through the two instances.</summary>
    private static Task<JsonElement[]> FileAmpereChangesAsync(ApiHost a, ApiHost b, string[] points, int round) =>
        Task.WhenAll(points.Select(async (point, p) =>
        {
            var via = (p + round) % 2 == 0 ? a : b;
            using var response = await via.Client(Old).SendAsync(Post(
                "internal/v1/applications/ampere-change", new { supplyPointId = point, amperes = Amperes(round), changeDate = "2026-11-27" }, $"amp-{round}-{point}"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, body);
            return JsonDocument.Parse(body).RootElement;
        }));

    private static int Amperes(int round) => 30 + (10 * round);

    [SkippableFact]
    public async Task TwoHubs_OneTsoNode_OneDispatchesAtATime_TheOtherTakesOver_EveryOrderOnceAndInOrder()
    {
        await using var harness = await Harness.StartAsync(await PostgresTestDatabase.CreateAsync());
        await using (var db = harness.Database.CreateContext())
        {
            for (var i = 0; i < ExtraPoints; i++)
            {
                db.SupplyPoints.Add(new SupplyPoint { Id = ExtraPoint(i), Area = 3, Address = $"東京都千代田区丸の内2-{i + 1}", ReadingDay = 15, MeterType = MeterTypes.Smart });
                db.WheelingContracts.Add(new WheelingContract { SupplyPointId = ExtraPoint(i), RetailerCode = Old, StartDate = new DateOnly(2016, 4, 1), ChangeSeq = 1000 + i });
            }

            await db.SaveChangesAsync();
        }

        using var hubKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var tso = await TsoNode.StartAsync(3, await PostgresTestDatabase.CreateAsync(), harness, hubKey);
        using var clientA = tso.ClientFor(hubKey);
        using var clientB = tso.ClientFor(hubKey);
        var a = await ApiHost.StartWithRemoteTsosAsync(harness, [clientA], ownsHarness: false);
        await using var b = await ApiHost.StartWithRemoteTsosAsync(harness, [clientB], ownsHarness: false);
        var points = Enumerable.Range(0, ExtraPoints).Select(ExtraPoint).Prepend(Point).ToArray();

        var first = await FileAmpereChangesAsync(a, b, points, 0);
        var aHolds = await a.Dispatcher.HoldsAreaAsync(3, default);
        var bHolds = await b.Dispatcher.HoldsAreaAsync(3, default);
        var rounds = await Task.WhenAll(a.Dispatcher.DeliverPendingAsync(default), b.Dispatcher.DeliverPendingAsync(default));

        // A repeat through the other instance is answered from the first one's record: the same application.
        using var repeat = await b.Client(Old).SendAsync(Post(
            "internal/v1/applications/ampere-change", new { supplyPointId = Point, amperes = Amperes(0), changeDate = "2026-11-27" }, $"amp-0-{Point}"));
        var second = await FileAmpereChangesAsync(a, b, points, 1);
        await a.DisposeAsync();
        var bTakesOver = await b.Dispatcher.HoldsAreaAsync(3, default);
        var afterStop = await b.Dispatcher.DeliverPendingAsync(default);

        Assert.True(aHolds);
        Assert.False(bHolds);
        Assert.Equal([points.Length, 0], rounds);
        Assert.Equal(first[0].GetProperty("number").GetString(), (await JsonOf(repeat)).GetProperty("number").GetString());
        Assert.True(bTakesOver);
        Assert.Equal(points.Length, afterStop);

        await using var hubDb = harness.Database.CreateContext();
        await using var tsoDb = tso.Database.CreateContext();
        var orders = await hubDb.TsoOrders.AsNoTracking().OrderBy(o => o.Id).ToListAsync();
        var receipts = await tsoDb.TsoReceipts.AsNoTracking().ToListAsync();
        var numbers = first.Concat(second).Select(x => x.GetProperty("number").GetString()!).ToHashSet();
        Assert.Equal(numbers.Count, orders.Count);
        Assert.All(orders, o => Assert.NotNull(o.AnsweredAt));
        Assert.Equal(numbers.Order(StringComparer.Ordinal), receipts.Select(r => r.Key).Order(StringComparer.Ordinal));
        var statuses = await hubDb.Applications.AsNoTracking().Where(x => numbers.Contains(x.Number)).Select(x => x.Status).ToListAsync();
        Assert.All(statuses, s => Assert.Equal(ApplicationStatus.Completed, s));
        foreach (var point in points)
        {
            // The TSO received the point's orders (one per round) in the order the hub queued them, and ends with the last change.
            var queued = orders.Where(o => o.SupplyPointId == point).Select(o => o.Key).ToList();
            var received = receipts.Where(r => queued.Contains(r.Key)).OrderBy(r => r.ReceivedAt).Select(r => r.Key).ToList();
            Assert.Equal(queued, received);
            var atTso = await tsoDb.SupplyPoints.AsNoTracking().SingleAsync(p => p.Id == point);
            Assert.Equal(Amperes(1), atTso.ContractAmperes);
        }
    }

    [SkippableFact]
    public async Task TwoHubs_SwitchInsRacingOnOnePoint_ExactlyOneWinsAcrossTheInstances()
    {
        await using var harness = await Harness.StartAsync(await PostgresTestDatabase.CreateAsync(), extraRetailers: 8);
        using var hubKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var tso = await TsoNode.StartAsync(3, await PostgresTestDatabase.CreateAsync(), harness, hubKey);
        using var clientA = tso.ClientFor(hubKey);
        using var clientB = tso.ClientFor(hubKey);
        await using var a = await ApiHost.StartWithRemoteTsosAsync(harness, [clientA], ownsHarness: false);
        await using var b = await ApiHost.StartWithRemoteTsosAsync(harness, [clientB], ownsHarness: false);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            (i % 2 == 0 ? a : b).Client(RetailerCodeOf(i)).SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, switchDate = "2026-12-15" }, "k" + i))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, loser.StatusCode);
            Assert.Equal("SW005", (await JsonOf(loser)).GetProperty("errors")[0].GetProperty("code").GetString());
        }
    }
}
