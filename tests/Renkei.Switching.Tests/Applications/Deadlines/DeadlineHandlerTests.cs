using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.Correction;
using Renkei.Switching.Applications.Deadlines;
using Renkei.Switching.Applications.IF_10210_UsageInformation;
using Renkei.Switching.Applications.IF_10410_MoveIn;
using Renkei.Switching.Applications.IF_10510_MoveOut;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Withdrawal;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.Deadlines;

/// <summary>Deadlines: unmatched applications and undecided 廃止取次 are rejected, retailers warned the day before; against SQLite and PostgreSQL.</summary>
public abstract class DeadlineHandlerTests : StoreTests
{
    [SkippableFact]
    public async Task Deadline_Passed_RejectsUnmatchedSwitchInAndSwitchOut()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;
        var switchOut = (await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, new DateOnly(2026, 12, 16), null), "out", false, default)).Result!;

        var onDeadline = await h.Deadlines.RunAsync(default);
        h.Clock.Advance(TimeSpan.FromDays(14)); // 12-11: after the switch-in's deadline 12-10, before the switch-out's
        var afterFirst = await h.Deadlines.RunAsync(default);
        h.Clock.Advance(TimeSpan.FromDays(7));
        var afterBoth = await h.Deadlines.RunAsync(default);

        Assert.Equal((0, 0), onDeadline);
        Assert.Equal((1, 0), afterFirst);
        Assert.Equal((1, 0), afterBoth);
        foreach (var number in new[] { switchIn.Number, switchOut.Number })
        {
            var retailer = number == switchIn.Number ? New : Old;
            var polled = (await h.Queries.GetApplicationAsync(retailer, number, default))!;
            Assert.Equal(ApplicationStatus.Rejected, polled.Status);
            Assert.Equal(DeadlineHandler.DeadlineCode, polled.ReasonCode);
        }
    }

    [SkippableFact]
    public async Task Deadline_RelayNeverDecided_Expires()
    {
        await using var h = await StartAsync();
        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;

        h.Clock.Advance(TimeSpan.FromDays(14));
        var swept = await h.Deadlines.RunAsync(default);

        Assert.Equal((0, 1), swept);
        Assert.Equal(RelayStatus.Expired, (await h.Queries.GetRelayAsync(New, relay.Number, default))!.Status);
    }

    [SkippableFact]
    public async Task Deadline_Approaching_WarnsRetailerOnce()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;

        h.Clock.Advance(TimeSpan.FromDays(12)); // Wed 12-09: the deadline 12-10 is the next business day
        await h.Deadlines.RunAsync(default);
        await h.Deadlines.RunAsync(default);

        var warnings = (await h.Notifications.GetEventsAsync(New, 0, 100, default)).Items.Where(e => e.Kind == RetailerEventKinds.DeadlineApproaching).ToList();
        Assert.Equal(switchIn.Number, Assert.Single(warnings).SubjectId);
        Assert.Equal(ApplicationStatus.Received, (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!.Status);
    }

    [SkippableFact]
    public async Task Deadline_ReturnedAndNeverCorrected_Rejected()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "in", false, default)).Result!;
        await h.Corrections.ReturnAsync(switchIn.Number, new ReturnRequest("date"), default);

        h.Clock.Advance(TimeSpan.FromDays(20));
        await h.Deadlines.RunAsync(default);

        var polled = (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!;
        Assert.Equal(ApplicationStatus.Rejected, polled.Status);
        Assert.Equal(DeadlineHandler.DeadlineCode, polled.ReasonCode);
    }
}

public sealed class SqliteDeadlineHandlerTests : DeadlineHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresDeadlineHandlerTests : DeadlineHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
