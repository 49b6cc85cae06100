using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using Renkei.Switching.Tso;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Tso;

/// <summary>
/// 需要者情報変更 (IF_10810) with area 03's TSO as a node of its own: the new customer details reach the TSO's store
/// through the outbox, once, and its operators read them there; a TSO that does not show the retailer supplying the
/// point refuses, and the application's history says so. Area 06 of the same hub stays in-process (no order).
/// </summary>
public abstract partial class RemoteTsoTests
{
    private static object Details(string point, string name, string address, string building = "丸の内ビル 3階") => new
    {
        supplyPointId = point,
        customerNumber = "K-0002",
        name,
        nameKana = "ヤマダハナコ",
        address,
        phone = "03-1234-5678",
        postalCode = "100-0005",
        building,
    };

    private static async Task<List<(string Actor, string Action, string? Detail)>> HistoryAsync(ApiHost hub, string number)
    {
        await using var db = hub.Harness.Context();
        return (await db.AuditEntries.AsNoTracking().Where(a => a.Subject == "application" && a.SubjectId == number).OrderBy(a => a.Id).ToListAsync())
            .ConvertAll(a => (a.Actor, a.Action, a.Detail));
    }

    [SkippableFact]
    public async Task CustomerDetails_RemoteTso_ReachTheTsoOnceAndItsOperatorsReadThem()
    {
        await using var s = await StartAsync();

        // The longest name, address and building the market allows: their JSON (kanji escaped) is over 2,000 characters.
        var name = new string('漢', 40);
        var address = "東京都千代田区" + new string('丸', 193);
        var building = new string('棟', 50);
        var changed = await JsonOf(await s.Hub.Client(Old).SendAsync(Post("internal/v1/applications/customer-details", Details(Point, name, address, building), "cd")));
        var number = changed.GetProperty("number").GetString()!;
        var pending = await OrderAsync(s.Hub.Harness);
        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var again = await s.Client.SendAsync(pending, default);
        using var tsoOperator = s.Tso.OperatorClient();
        var onRecord = await tsoOperator.GetFromJsonAsync<List<TsoCustomerOnRecord>>($"internal/v1/tso-operator/03/supply-points/{Point}/customers", TsoRoutes.Json);

        // Completed at the hub at once; the order waited in the outbox, then the TSO kept the details, once.
        Assert.Equal(ApplicationStatus.Completed, changed.GetProperty("status").GetString());
        Assert.Equal((TsoOrderKinds.CustomerDetails, number, (DateTimeOffset?)null), (pending.Kind, pending.Key, pending.AnsweredAt));
        Assert.True(pending.Body.Length > 2000);
        Assert.Equal(1, applied);
        Assert.True(again.Completed);
        await using var tsoDb = s.Tso.Database.CreateContext();
        var kept = await tsoDb.TsoCustomerRecords.AsNoTracking().SingleAsync();
        Assert.Equal(
            (Point, Old, number, "K-0002", name, "ヤマダハナコ", "100-0005", address, building, "03-1234-5678"),
            (kept.SupplyPointId, kept.RetailerCode, kept.ApplicationNumber, kept.CustomerNumber, kept.Name, kept.NameKana, kept.PostalCode, kept.Address, kept.Building, kept.Phone));
        var record = Assert.Single(onRecord!);
        Assert.Equal((Old, number, new TsoCustomerDetails("K-0002", name, "ヤマダハナコ", "100-0005", address, building, "03-1234-5678")), (record.RetailerCode, record.ApplicationNumber, record.Customer));
        Assert.Contains(await HistoryAsync(s.Hub, number), e => e is ("tso", "tso-record-updated", _));
        Assert.True(await tsoDb.AuditEntries.AnyAsync(a => a.Action == "customers-read" && a.SubjectId == Point));
    }

    [SkippableFact]
    public async Task CustomerDetails_TsoShowsAnotherRetailer_RefusesAndTheHistorySaysWhy()
    {
        await using var s = await StartAsync();
        await using (var tsoDb = s.Tso.Database.CreateContext())
        {
            // The TSO's record diverged: it holds no contract of the retailer at the point.
            await tsoDb.WheelingContracts.Where(c => c.SupplyPointId == Point).ExecuteUpdateAsync(u => u.SetProperty(c => c.RetailerCode, Third));
        }

        var changed = await JsonOf(await s.Hub.Client(Old).SendAsync(Post("internal/v1/applications/customer-details", Details(Point, "山田花子", "東京都千代田区丸の内1-1"), "cd")));
        var number = changed.GetProperty("number").GetString()!;
        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);

        Assert.Equal(1, applied);
        Assert.NotNull((await OrderAsync(s.Hub.Harness)).AnsweredAt);
        Assert.Equal(ApplicationStatus.Completed, await StatusAsync(s.Hub, Old, changed));
        var refusal = Assert.Single(await HistoryAsync(s.Hub, number), e => e.Action == "tso-record-refused");
        Assert.Contains($"{Old} does not supply the point", refusal.Detail, StringComparison.Ordinal);
        await using var db = s.Tso.Database.CreateContext();
        Assert.Equal(0, await db.TsoCustomerRecords.CountAsync());
    }

    [SkippableFact]
    public async Task CustomerDetails_InProcessTso_QueuesNoOrder()
    {
        await using var s = await StartAsync();

        var changed = await JsonOf(await s.Hub.Client(Third).SendAsync(Post("internal/v1/applications/customer-details", Details(ThirdsPoint, "山田花子", "大阪府大阪市北区1-1"), "cd")));

        Assert.Equal(ApplicationStatus.Completed, changed.GetProperty("status").GetString());
        await using var db = s.Hub.Harness.Context();
        Assert.Equal(0, await db.TsoOrders.CountAsync());
    }
}
