using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.HandOff;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;
using Renkei.Switching.Tso.Node;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Tso;

/// <summary>
/// アンペア変更 (IF_10910) with area 03's TSO as a node of its own: the change reaches the TSO's store as an order of
/// its own kind, on its date, once, through the outbox; a refusal rejects it with SW009; and the TSO's later facts
/// do not undo it at the hub. Area 06 of the same hub stays in-process (today's behaviour).
/// </summary>
public abstract partial class RemoteTsoTests
{
    private static readonly DateOnly Nov27 = new(2026, 11, 27);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static async Task<JsonElement> AmpereChangeAsync(ApiHost hub, string point, string date, int amperes, string key, string retailer = Old) =>
        await JsonOf(await hub.Client(retailer).SendAsync(Post("internal/v1/applications/ampere-change", new { supplyPointId = point, amperes, changeDate = date }, key)));

    private static async Task<SupplyPoint> PointAsync(TestDatabase database, string id = Point)
    {
        await using var db = database.CreateContext();
        return await db.SupplyPoints.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private static async Task<int> ApplyScheduledAsync(ApiHost hub)
    {
        await using var scope = hub.Scope();
        return await scope.ServiceProvider.GetRequiredService<AmpereChangeHandler>().ApplyScheduledChangesAsync(default);
    }

    private static async Task<int> OrderCountAsync(Harness hub)
    {
        await using var db = hub.Database.CreateContext();
        return await db.TsoOrders.CountAsync();
    }

    private static async Task<int> TsoAuditCountAsync(TsoNode tso, string action)
    {
        await using var db = tso.Database.CreateContext();
        return await db.AuditEntries.CountAsync(a => a.Action == action);
    }

    [SkippableFact]
    public async Task AmpereChangeToday_RemoteTso_WaitsAtTsoThenTsoStoreAndHubCopyChange()
    {
        await using var s = await StartAsync();

        var change = await AmpereChangeAsync(s.Hub, Point, "2026-11-27", 40, "amp");
        var number = change.GetProperty("number").GetString()!;
        var order = await OrderAsync(s.Hub.Harness);
        var tsoBefore = await PointAsync(s.Tso.Database);
        var hubBefore = await PointAsync(s.Hub.Harness.Database);
        var facilityAtTso = await JsonOf(await s.Hub.Client(Old).GetAsync($"internal/v1/supply-points/{Point}/facility"));
        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var tsoAfter = await PointAsync(s.Tso.Database);
        var hubAfter = await PointAsync(s.Hub.Harness.Database);
        var events = await JsonOf(await s.Hub.Client(Old).GetAsync("internal/v1/changes?after=0"));

        Assert.Equal(ApplicationStatus.AtTso, change.GetProperty("status").GetString());
        Assert.Equal((TsoOrderKinds.Ampere, number), (order.Kind, order.Key));
        Assert.Equal(new TsoAmpereOrder(number, Point, Old, 40, Nov27, order.Id), JsonSerializer.Deserialize<TsoAmpereOrder>(order.Body, Web));
        Assert.Equal(((int?)null, 0L), (tsoBefore.ContractAmperes, tsoBefore.AmpereOrder));
        Assert.Null(hubBefore.ContractAmperes);
        Assert.Equal(JsonValueKind.Null, facilityAtTso.GetProperty("contractAmperes").ValueKind);
        Assert.Equal((40, "2026-11-27"), (facilityAtTso.GetProperty("scheduledAmperes").GetInt32(), facilityAtTso.GetProperty("scheduledAmperesDate").GetString()));
        Assert.Equal(1, applied);
        Assert.Equal("06", await StatusAsync(s.Hub, Old, change));
        Assert.Equal(((int?)40, order.Id), (tsoAfter.ContractAmperes, tsoAfter.AmpereOrder));
        Assert.Equal(((int?)40, order.Id), (hubAfter.ContractAmperes, hubAfter.AmpereOrder));
        Assert.Equal(1, await TsoAuditCountAsync(s.Tso, "amperes-changed"));
        Assert.Equal(
            new string?[] { ApplicationStatus.Received, ApplicationStatus.AtTso, ApplicationStatus.Completed },
            events.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("subjectId").GetString() == number).Select(e => e.GetProperty("status").GetString()).ToArray());
    }

    [SkippableFact]
    public async Task ScheduledAmpereChange_RemoteTso_SentOnItsDateNotBefore()
    {
        await using var s = await StartAsync();
        var change = await AmpereChangeAsync(s.Hub, Point, "2026-12-01", 30, "amp");

        var appliedToday = await ApplyScheduledAsync(s.Hub);
        var deliveredToday = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        s.Hub.Harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 14, 59, 0, TimeSpan.Zero)); // 23:59 JST on the day before
        var appliedDayBefore = await ApplyScheduledAsync(s.Hub);
        var ordersDayBefore = await OrderCountAsync(s.Hub.Harness);
        var tsoDayBefore = await PointAsync(s.Tso.Database);
        var statusDayBefore = await StatusAsync(s.Hub, Old, change);
        s.Hub.Harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero)); // 00:00 JST on the date
        var appliedOnTheDay = await ApplyScheduledAsync(s.Hub);
        var statusSent = await StatusAsync(s.Hub, Old, change);
        var delivered = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var order = await OrderAsync(s.Hub.Harness);

        Assert.Equal(ApplicationStatus.Received, change.GetProperty("status").GetString());
        Assert.Equal((0, 0, 0, 0), (appliedToday, deliveredToday, appliedDayBefore, ordersDayBefore));
        Assert.Null(tsoDayBefore.ContractAmperes);
        Assert.Equal(ApplicationStatus.Received, statusDayBefore);
        Assert.Equal(1, appliedOnTheDay);
        Assert.Equal(ApplicationStatus.AtTso, statusSent);
        Assert.Equal(1, delivered);
        Assert.Equal(new DateOnly(2026, 12, 1), JsonSerializer.Deserialize<TsoAmpereOrder>(order.Body, Web)!.Date);
        Assert.Equal("06", await StatusAsync(s.Hub, Old, change));
        Assert.Equal(30, (await PointAsync(s.Tso.Database)).ContractAmperes);
        Assert.Equal(30, (await PointAsync(s.Hub.Harness.Database)).ContractAmperes);
    }

    [SkippableFact]
    public async Task AmpereOrderSentAgainAndAnswerAppliedTwice_AppliedOnceAtTsoAndAtHub()
    {
        await using var s = await StartAsync();
        using var tsoOperator = s.Tso.OperatorClient();
        var change = await AmpereChangeAsync(s.Hub, Point, "2026-11-27", 40, "amp");
        var order = await OrderAsync(s.Hub.Harness);

        // The TSO applied the order, the hub never heard; the TSO's operator then sets another current. Every repeat
        // of the order gets the first answer and does not set 40 A again.
        var first = await s.Client.SendAsync(order, default);
        var corrected = await tsoOperator.PostAsJsonAsync($"internal/v1/tso-operator/03/supply-points/{Point}/facts", new { contractAmperes = 50 });
        var repeat = await s.Client.SendAsync(order, default);
        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var appliedAgain = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        bool answerAgain;
        await using (var scope = s.Hub.Scope())
        {
            answerAgain = await scope.ServiceProvider.GetRequiredService<TsoHandOff>().ApplyTsoAnswerAsync(order.Key, first, default);
        }

        Assert.True(first.Completed);
        Assert.Equal(HttpStatusCode.NoContent, corrected.StatusCode);
        Assert.Equal(first, repeat);
        Assert.Equal((1, 0, false), (applied, appliedAgain, answerAgain));
        Assert.Equal(50, (await PointAsync(s.Tso.Database)).ContractAmperes);
        Assert.Equal(1, await TsoAuditCountAsync(s.Tso, "amperes-changed"));
        await using var tsoDb = s.Tso.Database.CreateContext();
        Assert.Equal(1, await tsoDb.TsoReceipts.CountAsync());
        await using var hubDb = s.Hub.Harness.Database.CreateContext();
        var number = change.GetProperty("number").GetString();
        Assert.Equal(1, await hubDb.AuditEntries.CountAsync(a => a.Subject == "application" && a.SubjectId == number && a.Action == "completed"));
        Assert.Equal(40, (await PointAsync(s.Hub.Harness.Database)).ContractAmperes);
    }

    [SkippableFact]
    public async Task TsoDown_AmpereOrderStaysPendingThenCompletesWhenTsoIsBack()
    {
        await using var s = await StartAsync();
        await s.Tso.StopAsync();
        var change = await AmpereChangeAsync(s.Hub, Point, "2026-11-27", 60, "amp");

        var appliedWhileDown = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var whileDown = await OrderAsync(s.Hub.Harness);
        var statusWhileDown = await StatusAsync(s.Hub, Old, change);
        var hubWhileDown = await PointAsync(s.Hub.Harness.Database);
        await s.Tso.StartAgainAsync();
        var appliedWhenBack = await s.Hub.Dispatcher.DeliverPendingAsync(default);

        Assert.Equal(0, appliedWhileDown);
        Assert.Equal(1, whileDown.FailedAttempts);
        Assert.Contains("not reachable", whileDown.LastError, StringComparison.Ordinal);
        Assert.Null(whileDown.AnsweredAt);
        Assert.Equal(ApplicationStatus.AtTso, statusWhileDown);
        Assert.Null(hubWhileDown.ContractAmperes);
        Assert.Equal(1, appliedWhenBack);
        Assert.Equal("06", await StatusAsync(s.Hub, Old, change));
        Assert.Equal(60, (await PointAsync(s.Tso.Database)).ContractAmperes);
        Assert.Equal(60, (await PointAsync(s.Hub.Harness.Database)).ContractAmperes);
        Assert.NotNull((await OrderAsync(s.Hub.Harness)).AnsweredAt);
    }

    [SkippableFact]
    public async Task TsoRefusesAmpereChanges_RejectedWithSW009AndTheTsosReason_RetailerTold_NothingChanges()
    {
        await using var s = await StartAsync();
        // The TSO's record differs from the hub's copy: there, Point is high voltage and ConventionalPoint is Third's.
        await using (var tsoDb = s.Tso.Database.CreateContext())
        {
            await tsoDb.SupplyPoints.Where(p => p.Id == Point).ExecuteUpdateAsync(u => u.SetProperty(p => p.VoltageClass, VoltageClasses.High));
            await tsoDb.WheelingContracts.Where(c => c.SupplyPointId == ConventionalPoint).ExecuteUpdateAsync(u => u.SetProperty(c => c.RetailerCode, Third));
        }

        var highVoltage = await AmpereChangeAsync(s.Hub, Point, "2026-11-27", 40, "a1");
        var notSupplied = await AmpereChangeAsync(s.Hub, ConventionalPoint, "2026-11-27", 40, "a2");
        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var answerHigh = await JsonOf(await s.Hub.Client(Old).GetAsync($"internal/v1/applications/{highVoltage.GetProperty("number").GetString()}"));
        var answerNotSupplied = await JsonOf(await s.Hub.Client(Old).GetAsync($"internal/v1/applications/{notSupplied.GetProperty("number").GetString()}"));
        var events = await JsonOf(await s.Hub.Client(Old).GetAsync("internal/v1/changes?after=0"));

        Assert.Equal(2, applied);
        foreach (var (answer, reason) in new[] { (answerHigh, "high voltage"), (answerNotSupplied, "does not supply the point on 2026-11-27") })
        {
            Assert.Equal((ApplicationStatus.Rejected, TsoHandOff.TsoRefusedCode), (answer.GetProperty("status").GetString(), answer.GetProperty("reasonCode").GetString()));
            Assert.Contains("refused by the TSO of area 03", answer.GetProperty("reasonMessage").GetString(), StringComparison.Ordinal);
            Assert.Contains(reason, answer.GetProperty("reasonMessage").GetString(), StringComparison.Ordinal);
            Assert.Contains(events.GetProperty("items").EnumerateArray(), e =>
                e.GetProperty("subjectId").GetString() == answer.GetProperty("number").GetString() && e.GetProperty("status").GetString() == ApplicationStatus.Rejected);
        }

        foreach (var database in new[] { s.Hub.Harness.Database, s.Tso.Database })
        {
            Assert.Null((await PointAsync(database, Point)).ContractAmperes);
            Assert.Null((await PointAsync(database, ConventionalPoint)).ContractAmperes);
        }

        Assert.Equal(0, await TsoAuditCountAsync(s.Tso, "amperes-changed"));
        Assert.Equal(2, await TsoAuditCountAsync(s.Tso, "refused"));
    }

    [SkippableFact]
    public async Task FactsChangedAtTsoBeforeItGotTheAmpereOrder_HubPullsAfterwards_AmperesStay()
    {
        await using var s = await StartAsync();
        using var tsoOperator = s.Tso.OperatorClient();
        var path = $"internal/v1/tso-operator/03/supply-points/{Point}/facts";

        // The hub accepts 40 A; before the order reaches the TSO, its operator moves the reading day: that change
        // carries the TSO's facts of the moment, without the 40 A.
        await AmpereChangeAsync(s.Hub, Point, "2026-11-27", 40, "amp");
        await tsoOperator.PostAsJsonAsync(path, new { readingDay = 5 });
        var delivered = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var followed = await s.Hub.Dispatcher.FollowPointChangesAsync(default);
        var afterRace = await PointAsync(s.Hub.Harness.Database);

        // A later change at the TSO reflects the order: the current is still 40 A.
        await tsoOperator.PostAsJsonAsync(path, new { remoteReading = false });
        await s.Hub.Dispatcher.FollowPointChangesAsync(default);
        var afterLater = await PointAsync(s.Hub.Harness.Database);

        // The TSO's own change of the current, after the hub's order, is the newer one and reaches the hub.
        await tsoOperator.PostAsJsonAsync(path, new { contractAmperes = 50 });
        await s.Hub.Dispatcher.FollowPointChangesAsync(default);
        var afterTsoCurrent = await PointAsync(s.Hub.Harness.Database);

        Assert.Equal((1, 1), (delivered, followed));
        Assert.Equal(((int?)40, 5), (afterRace.ContractAmperes, afterRace.ReadingDay));
        Assert.Equal(((int?)40, false), (afterLater.ContractAmperes, afterLater.RemoteReading));
        Assert.Equal(50, afterTsoCurrent.ContractAmperes);
        Assert.Equal(50, (await PointAsync(s.Tso.Database)).ContractAmperes);
        await using var hubDb = s.Hub.Harness.Database.CreateContext();
        var applied = await hubDb.AuditEntries.Where(a => a.Action == "tso-change-applied").OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync();
        Assert.Equal(3, applied.Count);
        Assert.Contains("contract current kept at 40 A", applied[0], StringComparison.Ordinal);
        Assert.DoesNotContain("kept", applied[1], StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AmpereChange_InProcessAreaOfTheSameHub_CompletesAtOnceWithoutAnOrder()
    {
        await using var s = await StartAsync();

        var change = await AmpereChangeAsync(s.Hub, ThirdsPoint, "2026-11-27", 30, "amp", Third);

        Assert.Equal(ApplicationStatus.Completed, change.GetProperty("status").GetString());
        var point = await PointAsync(s.Hub.Harness.Database, ThirdsPoint);
        Assert.Equal(((int?)30, 0L), (point.ContractAmperes, point.AmpereOrder));
        Assert.Equal(0, await OrderCountAsync(s.Hub.Harness));
    }

    [SkippableFact]
    public async Task BadAmpereOrders_AnsweredWithProblemAndChangeNothing()
    {
        await using var s = await StartAsync();
        using var http = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(s.HubKey, TsoRoutes.HubCallerName, TimeProvider.System), TsoRoutes.AudienceFor(3)) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = s.Tso.BaseAddress,
        };
        var good = new TsoAmpereOrder("A000000000001", Point, Old, 40, Nov27, 1);

        var noSeq = await http.PostAsJsonAsync(TsoRoutes.AmpereChangesPath(3), good with { Seq = 0 });
        var pointOfOtherArea = await http.PostAsJsonAsync(TsoRoutes.AmpereChangesPath(3), good with { SupplyPointId = ThirdsPoint });
        var missingRetailer = await http.PostAsJsonAsync(TsoRoutes.AmpereChangesPath(3), good with { RetailerCode = "" });
        var oddCurrent = await http.PostAsJsonAsync(TsoRoutes.AmpereChangesPath(3), good with { ApplicationNumber = "A000000000002", Amperes = 25 });
        var first = await http.PostAsJsonAsync(TsoRoutes.AmpereChangesPath(3), good);
        var reusedKey = await http.PostAsJsonAsync(TsoRoutes.AmpereChangesPath(3), good with { Amperes = 60 });

        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Conflict],
            new[] { noSeq, pointOfOtherArea, missingRetailer, oddCurrent, first, reusedKey }.Select(r => r.StatusCode).ToArray());
        var refused = await oddCurrent.Content.ReadFromJsonAsync<TsoSwitchResult>(Web);
        Assert.Equal(false, refused?.Completed);
        Assert.Contains("25 A is not a standard contract current", refused?.Reason, StringComparison.Ordinal);
        Assert.Equal(40, (await PointAsync(s.Tso.Database)).ContractAmperes);
        await using var tsoDb = s.Tso.Database.CreateContext();
        Assert.Equal(2, await tsoDb.TsoReceipts.CountAsync());
    }

    [SkippableFact]
    public async Task OlderAmpereOrderArrivesAfterNewerOne_TsoKeepsTheNewerCurrentAndAuditsIt()
    {
        await using var s = await StartAsync();
        using var http = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(s.HubKey, TsoRoutes.HubCallerName, TimeProvider.System), TsoRoutes.AudienceFor(3)) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = s.Tso.BaseAddress,
        };

        var newer = await http.PostAsJsonAsync(TsoRoutes.AmpereChangesPath(3), new TsoAmpereOrder("A000000000002", Point, Old, 60, Nov27, 7));
        var older = await http.PostAsJsonAsync(TsoRoutes.AmpereChangesPath(3), new TsoAmpereOrder("A000000000001", Point, Old, 40, Nov27, 3));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], new[] { newer.StatusCode, older.StatusCode });
        Assert.Equal(true, (await older.Content.ReadFromJsonAsync<TsoSwitchResult>(Web))?.Completed);
        var point = await PointAsync(s.Tso.Database);
        Assert.Equal((60, 7L), (point.ContractAmperes, point.AmpereOrder));
        Assert.Equal(1, await TsoAuditCountAsync(s.Tso, "amperes-kept"));
    }
}
