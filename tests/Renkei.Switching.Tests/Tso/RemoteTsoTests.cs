using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Api;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.HandOff;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;
using Renkei.Switching.Tso.Node;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Tso;

/// <summary>
/// The hub and an area TSO node of its own (area 03), each on real Kestrel over its own database, talking real HTTP
/// with the hub's caller proof: the hand-off through the outbox, repeats, the TSO down and back, refusals, and who
/// may call the TSO. Against SQLite and PostgreSQL by the two derived classes.
/// </summary>
public abstract partial class RemoteTsoTests
{
    private static readonly DateOnly Dec15 = new(2026, 12, 15);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private sealed class Setup(ApiHost hub, TsoNode tso, TsoClient client, ECDsa hubKey) : IAsyncDisposable
    {
        public ApiHost Hub { get; } = hub;

        public TsoNode Tso { get; } = tso;

        public TsoClient Client { get; } = client;

        public ECDsa HubKey { get; } = hubKey;

        public async ValueTask DisposeAsync()
        {
            await Hub.DisposeAsync();
            await Tso.DisposeAsync();
            Client.Dispose();
            HubKey.Dispose();
        }
    }

    private async Task<Setup> StartAsync()
    {
        var harness = await Harness.StartAsync(await CreateDatabaseAsync());
        var hubKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var tso = await TsoNode.StartAsync(3, await CreateDatabaseAsync(), harness, hubKey);
        var client = tso.ClientFor(hubKey);
        var hub = await ApiHost.StartWithRemoteTsosAsync(harness, [client]);
        return new Setup(hub, tso, client, hubKey);
    }

    private static HttpRequestMessage Post(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        return request;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>Switch-in by <see cref="Harness.New"/>, then the matching switch-out by <see cref="Harness.Old"/>; returns both answers.</summary>
    private static async Task<(JsonElement In, JsonElement Out)> MatchSwitchAsync(ApiHost hub)
    {
        var switchIn = await JsonOf(await hub.Client(New).SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, switchDate = "2026-12-15" }, "in")));
        var switchOut = await JsonOf(await hub.Client(Old).SendAsync(Post("internal/v1/applications/switch-out", new { supplyPointId = Point, switchDate = "2026-12-15", customerNumber = "K-0001" }, "out")));
        return (switchIn, switchOut);
    }

    private static async Task<string?> StatusAsync(ApiHost hub, string retailer, JsonElement application) =>
        (await JsonOf(await hub.Client(retailer).GetAsync($"internal/v1/applications/{application.GetProperty("number").GetString()}"))).GetProperty("status").GetString();

    private static async Task<List<WheelingContract>> ContractsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.WheelingContracts.AsNoTracking().Where(c => c.SupplyPointId == Point).OrderBy(c => c.StartDate).ToListAsync();
    }

    private static async Task<TsoOrder> OrderAsync(Harness hub)
    {
        await using var db = hub.Database.CreateContext();
        return await db.TsoOrders.AsNoTracking().SingleAsync();
    }

    private static void AssertSwitched(List<WheelingContract> contracts)
    {
        Assert.Equal(2, contracts.Count);
        Assert.Equal((Old, (DateOnly?)Dec15), (contracts[0].RetailerCode, contracts[0].EndDate));
        Assert.Equal((New, Dec15, (DateOnly?)null), (contracts[1].RetailerCode, contracts[1].StartDate, contracts[1].EndDate));
    }

    [SkippableFact]
    public async Task Switch_MatchedAtHub_TsoNodeCompletesItAndHubFeedShowsIt()
    {
        await using var s = await StartAsync();

        var (switchIn, switchOut) = await MatchSwitchAsync(s.Hub);
        var pending = await OrderAsync(s.Hub.Harness);
        var contractsBeforeAnswer = await ContractsAsync(s.Tso.Database);
        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var feed = await JsonOf(await s.Hub.Client(New).GetAsync("internal/v1/wheeling-contracts/changes?after=0"));

        // The second application matches at the hub and waits (05) for the TSO, which had changed nothing yet.
        Assert.Equal("05", switchOut.GetProperty("status").GetString());
        Assert.Equal($"{switchIn.GetProperty("number").GetString()}/{switchOut.GetProperty("number").GetString()}", pending.Key);
        Assert.Null(pending.AnsweredAt);
        Assert.Single(contractsBeforeAnswer);
        Assert.Equal(1, applied);
        Assert.Equal("06", await StatusAsync(s.Hub, New, switchIn));
        Assert.Equal("06", await StatusAsync(s.Hub, Old, switchOut));
        AssertSwitched(await ContractsAsync(s.Tso.Database));
        AssertSwitched(await ContractsAsync(s.Hub.Harness.Database));
        var items = feed.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("supplyPointId").GetString() == Point).ToArray();
        Assert.Equal(new string?[] { "2026-12-15", null }, items.Select(i => i.GetProperty("endDate").GetString()).ToArray()[^2..]);
        Assert.NotNull((await OrderAsync(s.Hub.Harness)).AnsweredAt);
    }

    [SkippableFact]
    public async Task HubCrashAfterTsoApplied_OrderSentAgain_TsoAnswersFirstResultAndSwitchIsNotDoubled()
    {
        await using var s = await StartAsync();
        await MatchSwitchAsync(s.Hub);
        var order = await OrderAsync(s.Hub.Harness);

        // The TSO applied the order, but the hub never recorded the answer (as if it crashed right after sending).
        var first = await s.Client.SendAsync(order, default);
        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var repeat = await s.Client.SendAsync(order, default);
        var appliedAgain = await s.Hub.Dispatcher.DeliverPendingAsync(default);

        Assert.True(first.Completed);
        Assert.Equal(first, repeat);
        Assert.Equal(1, applied);
        Assert.Equal(0, appliedAgain);
        AssertSwitched(await ContractsAsync(s.Tso.Database));
        AssertSwitched(await ContractsAsync(s.Hub.Harness.Database));
        await using var tsoDb = s.Tso.Database.CreateContext();
        Assert.Equal(1, await tsoDb.TsoReceipts.CountAsync());
        Assert.Equal(2, await tsoDb.AuditEntries.CountAsync(a => a.Subject == "contract"));
    }

    [SkippableFact]
    public async Task SameOrderSentEightTimesAtOnce_TsoAppliesItOnceAndAnswersAllAlike()
    {
        await using var s = await StartAsync();
        await MatchSwitchAsync(s.Hub);
        var order = await OrderAsync(s.Hub.Harness);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => s.Client.SendAsync(order, default)));

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.True(answers[0].Completed);
        AssertSwitched(await ContractsAsync(s.Tso.Database));
        await using var tsoDb = s.Tso.Database.CreateContext();
        Assert.Equal(1, await tsoDb.TsoReceipts.CountAsync());
        Assert.Equal(1, await tsoDb.AuditEntries.CountAsync(a => a.Subject == "tso-order"));
    }

    [SkippableFact]
    public async Task AnswerAppliedTwice_SecondChangesNothing()
    {
        await using var s = await StartAsync();
        await MatchSwitchAsync(s.Hub);
        var order = await OrderAsync(s.Hub.Harness);
        var result = await s.Client.SendAsync(order, default);

        bool first, second;
        await using (var scope = s.Hub.Scope())
        {
            first = await scope.ServiceProvider.GetRequiredService<TsoHandOff>().ApplyTsoAnswerAsync(order.Key, result, default);
        }

        await using (var scope = s.Hub.Scope())
        {
            second = await scope.ServiceProvider.GetRequiredService<TsoHandOff>().ApplyTsoAnswerAsync(order.Key, result, default);
        }

        Assert.True(first);
        Assert.False(second);
        AssertSwitched(await ContractsAsync(s.Hub.Harness.Database));
    }

    [SkippableFact]
    public async Task TsoDown_OrderStaysPendingThenCompletesWhenTsoIsBack()
    {
        await using var s = await StartAsync();
        await s.Tso.StopAsync();
        var (switchIn, _) = await MatchSwitchAsync(s.Hub);

        var appliedWhileDown = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var whileDown = await OrderAsync(s.Hub.Harness);
        var statusWhileDown = await StatusAsync(s.Hub, New, switchIn);
        var hubContractsWhileDown = await ContractsAsync(s.Hub.Harness.Database);
        await s.Tso.StartAgainAsync();
        var appliedWhenBack = await s.Hub.Dispatcher.DeliverPendingAsync(default);

        Assert.Equal(0, appliedWhileDown);
        Assert.Equal(1, whileDown.FailedAttempts);
        Assert.Contains("not reachable", whileDown.LastError, StringComparison.Ordinal);
        Assert.Null(whileDown.AnsweredAt);
        Assert.Equal("05", statusWhileDown);
        Assert.Single(hubContractsWhileDown);
        Assert.Equal(1, appliedWhenBack);
        Assert.Equal("06", await StatusAsync(s.Hub, New, switchIn));
        AssertSwitched(await ContractsAsync(s.Tso.Database));
        AssertSwitched(await ContractsAsync(s.Hub.Harness.Database));
    }

    [SkippableFact]
    public async Task TsoDown_DispatcherBacksOffWithOneWarning_ThenDeliversTheOrderOnceWhenTsoIsBack()
    {
        await using var s = await StartAsync();
        await s.Tso.StopAsync();
        var (switchIn, _) = await MatchSwitchAsync(s.Hub);
        var log = new RecordingLogger<TsoOrderDispatcher>();
        using var dispatcher = new TsoOrderDispatcher(s.Hub.Service<IServiceScopeFactory>(), s.Hub.Service<TsoDirectory>(), log)
        {
            PollInterval = TimeSpan.FromMilliseconds(10),
            Backoff = new TsoBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100)),
        };
        await dispatcher.StartAsync(default);

        // Six tries with no answer: one warning, each try at debug level only.
        await log.WaitForAsync(r => r.Count(e => e.Level == LogLevel.Debug) >= 6).WaitAsync(Timeout);
        var whileDown = log.Records;
        await s.Tso.StartAgainAsync();
        await log.WaitForAsync(r => r.Any(e => e.Message.Contains("answering again", StringComparison.Ordinal))).WaitAsync(Timeout);
        await dispatcher.StopAsync(default);

        var down = Assert.Single(whileDown, e => e.Level >= LogLevel.Warning);
        Assert.Contains("area 3", down.Message, StringComparison.Ordinal);
        Assert.Contains("not reachable", down.Message, StringComparison.Ordinal);
        var warnings = log.Records.Where(e => e.Level >= LogLevel.Warning).ToArray();
        Assert.Equal(2, warnings.Length);
        var failed = log.Records.Count(e => e.Level == LogLevel.Debug);
        Assert.Contains($"after {failed} failed tries", warnings[1].Message, StringComparison.Ordinal);
        var order = await OrderAsync(s.Hub.Harness);
        Assert.NotNull(order.AnsweredAt);
        Assert.Equal(failed, order.FailedAttempts);
        Assert.Equal("06", await StatusAsync(s.Hub, New, switchIn));
        AssertSwitched(await ContractsAsync(s.Tso.Database));
        AssertSwitched(await ContractsAsync(s.Hub.Harness.Database));
    }

    [SkippableFact]
    public async Task TsoRefuses_BothApplicationsRejectedWithSW009AndNoContractChanges()
    {
        await using var s = await StartAsync();
        // The TSO's record differs from the hub's copy: there, the point is already Third's.
        await using (var tsoDb = s.Tso.Database.CreateContext())
        {
            await tsoDb.WheelingContracts.Where(c => c.SupplyPointId == Point).ExecuteUpdateAsync(u => u.SetProperty(c => c.RetailerCode, Third));
        }

        var (switchIn, switchOut) = await MatchSwitchAsync(s.Hub);
        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var answerIn = await JsonOf(await s.Hub.Client(New).GetAsync($"internal/v1/applications/{switchIn.GetProperty("number").GetString()}"));

        Assert.Equal(1, applied);
        Assert.Equal("09", answerIn.GetProperty("status").GetString());
        Assert.Equal(TsoHandOff.TsoRefusedCode, answerIn.GetProperty("reasonCode").GetString());
        Assert.Equal("09", await StatusAsync(s.Hub, Old, switchOut));
        var hubContracts = await ContractsAsync(s.Hub.Harness.Database);
        Assert.Equal((Old, (DateOnly?)null), (Assert.Single(hubContracts).RetailerCode, hubContracts[0].EndDate));
        var tsoContracts = await ContractsAsync(s.Tso.Database);
        Assert.Equal((Third, (DateOnly?)null), (Assert.Single(tsoContracts).RetailerCode, tsoContracts[0].EndDate));
        Assert.False(JsonSerializer.Deserialize<TsoSwitchResult>((await OrderAsync(s.Hub.Harness)).Result!, new JsonSerializerOptions(JsonSerializerDefaults.Web))!.Completed);
    }

    [SkippableFact]
    public async Task TsoRefusesSwitchBehindRelay_RelayEndsMatchedNgWithReason_BothRetailersNotified()
    {
        await using var s = await StartAsync();
        await using (var tsoDb = s.Tso.Database.CreateContext())
        {
            await tsoDb.WheelingContracts.Where(c => c.SupplyPointId == Point).ExecuteUpdateAsync(u => u.SetProperty(c => c.RetailerCode, Third));
        }

        var relay = await JsonOf(await s.Hub.Client(New).SendAsync(Post("internal/v1/cancellation-relays", new
        {
            supplyPointId = Point,
            contractNumber = "K-0001",
            holderName = "山田太郎",
            address = "東京都千代田区丸の内1-1",
            wishedDate = "2026-12-15",
        }, "r")));
        var number = relay.GetProperty("number").GetString();
        var switchIn = await JsonOf(await s.Hub.Client(New).SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, relayNumber = number }, "in")));
        await s.Hub.Client(Old).SendAsync(Post($"internal/v1/cancellation-relays/{number}/decision", new { decision = "01" }, "d"));
        var matched = (await JsonOf(await s.Hub.Client(New).GetAsync($"internal/v1/cancellation-relays/{number}"))).GetProperty("status").GetString();
        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var forNew = await JsonOf(await s.Hub.Client(New).GetAsync($"internal/v1/cancellation-relays/{number}"));
        var forOld = await JsonOf(await s.Hub.Client(Old).GetAsync($"internal/v1/cancellation-relays/{number}"));
        var eventsNew = await JsonOf(await s.Hub.Client(New).GetAsync("internal/v1/changes?after=0"));
        var eventsOld = await JsonOf(await s.Hub.Client(Old).GetAsync("internal/v1/changes?after=0"));

        Assert.Equal(RelayStatus.MatchedOk, matched);
        Assert.Equal(1, applied);
        Assert.Equal("09", await StatusAsync(s.Hub, New, switchIn));
        foreach (var view in new[] { forNew, forOld })
        {
            Assert.Equal((RelayStatus.MatchedNg, "matched_ng", TsoHandOff.TsoRefusedCode), (view.GetProperty("status").GetString(), view.GetProperty("statusName").GetString(), view.GetProperty("reasonCode").GetString()));
            Assert.Contains("refused by the TSO of area 03", view.GetProperty("reasonMessage").GetString(), StringComparison.Ordinal);
        }

        foreach (var events in new[] { eventsNew, eventsOld })
        {
            Assert.Contains(events.GetProperty("items").EnumerateArray(), e =>
                e.GetProperty("kind").GetString() == RetailerEventKinds.RelayStatusChanged && e.GetProperty("subjectId").GetString() == number && e.GetProperty("status").GetString() == RelayStatus.MatchedNg);
        }

        await using var hubDb = s.Hub.Harness.Database.CreateContext();
        Assert.Equal(1, await hubDb.AuditEntries.CountAsync(a => a.Subject == "relay" && a.SubjectId == number && a.Action == "refused" && a.FromStatus == RelayStatus.MatchedOk && a.ToStatus == RelayStatus.MatchedNg));
    }

    [SkippableFact]
    public async Task PointChangedAtTso_ReachesHubFacilityViewOnce_AndIsReadAgainAfterTsoWasDown()
    {
        await using var s = await StartAsync();
        using var tsoOperator = s.Tso.OperatorClient();
        using var asHub = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(s.HubKey, TsoRoutes.HubCallerName, TimeProvider.System), TsoRoutes.AudienceFor(3)) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = s.Tso.BaseAddress,
        };
        var path = $"internal/v1/tso-operator/03/supply-points/{ConventionalPoint}/facts";

        // The meter is replaced by a smart meter and the reading day moves from the 15th to the 5th.
        var replaced = await tsoOperator.PostAsJsonAsync(path, new { meterType = "smart", readingDay = 5, smartMeterReplacement = "done", smartMeterReplacementDate = "2026-11-20" });
        var invalid = await tsoOperator.PostAsJsonAsync(path, new { readingDay = 31, meterType = "analog" });
        var byHub = await asHub.PostAsJsonAsync(path, new { readingDay = 7 });
        var facilityBefore = await JsonOf(await s.Hub.Client(Old).GetAsync($"internal/v1/supply-points/{ConventionalPoint}/facility"));
        var followed = await s.Hub.Dispatcher.FollowPointChangesAsync(default);
        var followedAgain = await s.Hub.Dispatcher.FollowPointChangesAsync(default);
        var facilityAfter = await JsonOf(await s.Hub.Client(Old).GetAsync($"internal/v1/supply-points/{ConventionalPoint}/facility"));
        var dryRun = await JsonOf(await s.Hub.Client(New).SendAsync(Post("internal/v1/applications/switch-in?dryRun=true", new { supplyPointId = ConventionalPoint }, "dry")));

        Assert.Equal(HttpStatusCode.NoContent, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byHub.StatusCode);
        Assert.Equal(("conventional", "2026-12-15"), (facilityBefore.GetProperty("meterType").GetString(), facilityBefore.GetProperty("nextReadingDay").GetString()));
        Assert.Equal((1, 0), (followed, followedAgain));
        Assert.Equal(("smart", "2026-12-05", "2026-11-20"), (facilityAfter.GetProperty("meterType").GetString(), facilityAfter.GetProperty("nextReadingDay").GetString(), facilityAfter.GetProperty("smartMeterReplacementDate").GetString()));

        // The hub's date rule uses the new facts: no meter work any more, and the 5th as reading day.
        Assert.Equal("2026-12-05", dryRun.GetProperty("effectiveDate").GetString());

        // A change while the hub cannot reach the TSO is read when it can again, from the same cursor.
        await tsoOperator.PostAsJsonAsync(path, new { contractAmperes = 60 });
        await s.Tso.StopAsync();
        var whileDown = await s.Hub.Dispatcher.FollowPointChangesAsync(default);
        await s.Tso.StartAgainAsync();
        var whenBack = await s.Hub.Dispatcher.FollowPointChangesAsync(default);

        Assert.Equal((0, 1), (whileDown, whenBack));
        await using var hubDb = s.Hub.Harness.Database.CreateContext();
        Assert.Equal(60, (await hubDb.SupplyPoints.SingleAsync(p => p.Id == ConventionalPoint)).ContractAmperes);
        Assert.Equal(2, (await hubDb.TsoFeedCursors.SingleAsync()).LastChangeId);
        Assert.Equal(2, await hubDb.AuditEntries.CountAsync(a => a.Action == "tso-change-applied"));
    }

    [SkippableFact]
    public async Task Reconciliation_ReportsEveryDifferenceOfADivergedStore()
    {
        await using var s = await StartAsync();
        await MatchSwitchAsync(s.Hub);
        await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var consistent = await JsonOf(await s.Hub.Client(null).GetAsync("internal/v1/operator/reconciliation/03"));

        // Diverge both sides: the hub's copy of the conventional point's contract starts later; the TSO holds a
        // contract for the vacant point that the hub never heard of.
        await using (var hubDb = s.Hub.Harness.Database.CreateContext())
        {
            await hubDb.WheelingContracts.Where(c => c.SupplyPointId == ConventionalPoint).ExecuteUpdateAsync(u => u.SetProperty(c => c.StartDate, new DateOnly(2017, 4, 1)));
        }

        await using (var tsoDb = s.Tso.Database.CreateContext())
        {
            tsoDb.WheelingContracts.Add(new WheelingContract { SupplyPointId = VacantPoint, RetailerCode = Third, StartDate = new DateOnly(2026, 11, 1), ChangeSeq = 1000 });
            await tsoDb.SaveChangesAsync();
        }

        var diverged = await JsonOf(await s.Hub.Client(null).GetAsync("internal/v1/operator/reconciliation/03"));
        var inProcessArea = await s.Hub.Client(null).GetAsync("internal/v1/operator/reconciliation/06");
        await s.Tso.StopAsync();
        var tsoDown = await s.Hub.Client(null).GetAsync("internal/v1/operator/reconciliation/03");

        Assert.True(consistent.GetProperty("consistent").GetBoolean());
        Assert.Equal((3, 3), (consistent.GetProperty("hubContracts").GetInt32(), consistent.GetProperty("tsoContracts").GetInt32()));
        Assert.False(diverged.GetProperty("consistent").GetBoolean());
        var differences = diverged.GetProperty("differences").EnumerateArray()
            .Select(d => (d.GetProperty("side").GetString(), d.GetProperty("period").GetProperty("supplyPointId").GetString(), d.GetProperty("period").GetProperty("retailerCode").GetString(), d.GetProperty("period").GetProperty("startDate").GetString()))
            .ToArray();
        Assert.Equal(
            [
                (ContractReconciliation.OnlyAtTso, ConventionalPoint, Old, "2016-04-01"),
                (ContractReconciliation.OnlyAtHub, ConventionalPoint, Old, "2017-04-01"),
                (ContractReconciliation.OnlyAtTso, VacantPoint, Third, "2026-11-01"),
            ],
            differences);
        Assert.Equal(HttpStatusCode.NotFound, inProcessArea.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, tsoDown.StatusCode);
    }

    [SkippableFact]
    public async Task Reconciliation_PagedOnePointAtATime_PagesJoinUpToTheWholeReport()
    {
        await using var s = await StartAsync();
        await MatchSwitchAsync(s.Hub);
        await s.Hub.Dispatcher.DeliverPendingAsync(default);

        // Diverged as above: a changed period at the hub, and a point only the TSO has a contract for (so the TSO's
        // side has a page where the hub's has none).
        await using (var hubDb = s.Hub.Harness.Database.CreateContext())
        {
            await hubDb.WheelingContracts.Where(c => c.SupplyPointId == ConventionalPoint).ExecuteUpdateAsync(u => u.SetProperty(c => c.StartDate, new DateOnly(2017, 4, 1)));
        }

        await using (var tsoDb = s.Tso.Database.CreateContext())
        {
            tsoDb.WheelingContracts.Add(new WheelingContract { SupplyPointId = VacantPoint, RetailerCode = Third, StartDate = new DateOnly(2026, 11, 1), ChangeSeq = 1000 });
            await tsoDb.SaveChangesAsync();
        }

        var whole = await JsonOf(await s.Hub.Client(null).GetAsync("internal/v1/operator/reconciliation/03"));
        var pages = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await JsonOf(await s.Hub.Client(null).GetAsync("internal/v1/operator/reconciliation/03?limit=1" + (after is null ? "" : "&after=" + after)));
            pages.Add(page);
            after = page.GetProperty("next").GetString();
        }
        while (after is not null && pages.Count < 10);

        static string[] Differences(JsonElement report) =>
            [.. report.GetProperty("differences").EnumerateArray().Select(d => d.GetRawText())];

        Assert.Null(whole.GetProperty("next").GetString());
        Assert.Equal(new[] { Point, ConventionalPoint, VacantPoint, "(end)" }, pages.Select(p => p.GetProperty("next").GetString() ?? "(end)").ToArray());
        Assert.Equal(Differences(whole), pages.SelectMany(Differences).ToArray());
        Assert.Equal(3, Differences(whole).Length);
        Assert.Equal((3, 4), (pages.Sum(p => p.GetProperty("hubContracts").GetInt32()), pages.Sum(p => p.GetProperty("tsoContracts").GetInt32())));
        Assert.Equal((3, 4), (whole.GetProperty("hubContracts").GetInt32(), whole.GetProperty("tsoContracts").GetInt32()));
        Assert.Equal([true, false, false, true], pages.Select(p => p.GetProperty("consistent").GetBoolean()).ToArray());
    }

    [SkippableTheory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=10001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("after=03", "after")]
    [InlineData("after=0600000000000000000004", "after")]
    [InlineData("limit=5&limit=6", "limit")]
    [InlineData("cursor=1", "cursor")]
    public async Task Reconciliation_BadPagingParameter_Is400NamingIt(string query, string field)
    {
        await using var s = await StartAsync();

        using var answer = await s.Hub.Client(null).GetAsync("internal/v1/operator/reconciliation/03?" + query);
        var problem = await JsonOf(answer);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task HubCopyDisagreesWithTsoAnswer_OrderStaysPendingWithErrorAndApplicationsStayMatched()
    {
        await using var s = await StartAsync();
        var (switchIn, _) = await MatchSwitchAsync(s.Hub);
        // Someone changed the hub's copy behind its back: the TSO completes the switch, the hub cannot follow.
        await using (var hubDb = s.Hub.Harness.Database.CreateContext())
        {
            await hubDb.WheelingContracts.Where(c => c.SupplyPointId == Point).ExecuteUpdateAsync(u => u.SetProperty(c => c.RetailerCode, Third));
        }

        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);
        var order = await OrderAsync(s.Hub.Harness);

        Assert.Equal(0, applied);
        Assert.Null(order.AnsweredAt);
        Assert.Equal(1, order.FailedAttempts);
        Assert.StartsWith("answer not applied", order.LastError, StringComparison.Ordinal);
        Assert.Equal("05", await StatusAsync(s.Hub, New, switchIn));
        var hubContracts = await ContractsAsync(s.Hub.Harness.Database);
        Assert.Equal((Third, (DateOnly?)null), (Assert.Single(hubContracts).RetailerCode, hubContracts[0].EndDate));
        AssertSwitched(await ContractsAsync(s.Tso.Database));
    }

    [SkippableFact]
    public async Task MoveIn_RemoteTso_WaitsAtTsoThenCompletes()
    {
        await using var s = await StartAsync();

        var moveIn = await JsonOf(await s.Hub.Client(New).SendAsync(Post("internal/v1/applications/move-in", new { supplyPointId = VacantPoint, startDate = "2026-12-01", content = Contents.MoveIn }, "mi")));
        var applied = await s.Hub.Dispatcher.DeliverPendingAsync(default);

        Assert.Equal(ApplicationStatus.AtTso, moveIn.GetProperty("status").GetString());
        Assert.Equal(1, applied);
        Assert.Equal("06", await StatusAsync(s.Hub, New, moveIn));
        await using var tsoDb = s.Tso.Database.CreateContext();
        var started = await tsoDb.WheelingContracts.SingleAsync(c => c.SupplyPointId == VacantPoint);
        Assert.Equal((New, new DateOnly(2026, 12, 1)), (started.RetailerCode, started.StartDate));
    }

    [SkippableFact]
    public async Task CallerProof_OnlyTheHubKeyAddressedToThisAreaIsAccepted()
    {
        await using var s = await StartAsync();
        await MatchSwitchAsync(s.Hub);
        var order = await OrderAsync(s.Hub.Harness);
        using var gatewayKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        async Task<HttpStatusCode> SendAs(ECDsa key, string issuer, string audience)
        {
            using var http = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(key, issuer, TimeProvider.System), audience) { InnerHandler = new HttpClientHandler() });
            using var content = new StringContent(order.Body, System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(s.Tso.BaseAddress, TsoRoutes.SwitchesPath(3)), content);
            return response.StatusCode;
        }

        using var anonymous = new HttpClient();
        var noProof = (await anonymous.PostAsync(new Uri(s.Tso.BaseAddress, TsoRoutes.SwitchesPath(3)), new StringContent(order.Body, System.Text.Encoding.UTF8, "application/json"))).StatusCode;

        Assert.Equal(HttpStatusCode.Unauthorized, noProof);
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAs(gatewayKey, "gateway", TsoRoutes.AudienceFor(3)));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAs(gatewayKey, TsoRoutes.HubCallerName, TsoRoutes.AudienceFor(3)));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAs(s.HubKey, TsoRoutes.HubCallerName, TsoRoutes.AudienceFor(6)));
        Assert.Single(await ContractsAsync(s.Tso.Database));
        Assert.Equal(HttpStatusCode.OK, await SendAs(s.HubKey, TsoRoutes.HubCallerName, TsoRoutes.AudienceFor(3)));
    }

    [SkippableFact]
    public async Task BadOrders_AnsweredWithProblemAndChangeNothing()
    {
        await using var s = await StartAsync();
        using var http = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(s.HubKey, TsoRoutes.HubCallerName, TimeProvider.System), TsoRoutes.AudienceFor(3)) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = s.Tso.BaseAddress,
        };
        var good = new TsoSwitchOrder("A000000000001", "A000000000002", Point, Old, New, Dec15);

        var otherArea = await http.PostAsJsonAsync(TsoRoutes.SwitchesPath(6), good);
        var pointOfOtherArea = await http.PostAsJsonAsync(TsoRoutes.SwitchesPath(3), good with { SupplyPointId = ThirdsPoint });
        var badPoint = await http.PostAsJsonAsync(TsoRoutes.SwitchesPath(3), good with { SupplyPointId = "03123" });
        var missingRetailer = await http.PostAsJsonAsync(TsoRoutes.SwitchesPath(3), good with { ToRetailer = "" });
        var first = await http.PostAsJsonAsync(TsoRoutes.SwitchesPath(3), good);
        var reusedKey = await http.PostAsJsonAsync(TsoRoutes.SwitchesPath(3), good with { ToRetailer = Third });

        Assert.Equal(HttpStatusCode.NotFound, otherArea.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, pointOfOtherArea.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPoint.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missingRetailer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reusedKey.StatusCode);
        AssertSwitched(await ContractsAsync(s.Tso.Database));
        await using var tsoDb = s.Tso.Database.CreateContext();
        Assert.Equal(1, await tsoDb.TsoReceipts.CountAsync());
    }
}

public sealed class SqliteRemoteTsoTests : RemoteTsoTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresRemoteTsoTests : RemoteTsoTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
