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

namespace Renkei.Switching.Tests.Applications.IF_11110_Changes;

/// <summary>IF_11110 and the notification queue: each retailer's own events, in order, until acknowledged; against SQLite and PostgreSQL.</summary>
public abstract class NotificationQueueTests : StoreTests
{
    [SkippableFact]
    public async Task Notifications_RelayRegistered_CurrentRetailerSeesItUntilAcknowledged()
    {
        await using var h = await StartAsync();
        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;

        var peek = await h.Notifications.PeekNotificationsAsync(Old, 10, default);
        var peekAgain = await h.Notifications.PeekNotificationsAsync(Old, 10, default);
        var ack = await h.Notifications.AcknowledgeAsync(Old, peek.Next, default);
        var afterAck = await h.Notifications.PeekNotificationsAsync(Old, 10, default);

        var e = Assert.Single(peek.Items);
        Assert.Equal((RetailerEventKinds.RelayAwaitingDecision, relay.Number, 1L), (e.Kind, e.SubjectId, e.Seq));
        Assert.Equal(peek.Items, peekAgain.Items);
        Assert.True(ack.Accepted);
        Assert.Empty(afterAck.Items);
        Assert.Equal(1, afterAck.Next);
    }

    [SkippableFact]
    public async Task Notifications_AcknowledgeBeyondLastEvent_RefusedAndQueueKept()
    {
        await using var h = await StartAsync();
        await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default);

        var ack = await h.Notifications.AcknowledgeAsync(Old, 2, default);

        Assert.Equal("SW050", Assert.Single(ack.Errors).Code);
        Assert.Single((await h.Notifications.PeekNotificationsAsync(Old, 10, default)).Items);
    }

    [SkippableFact]
    public async Task Changes_CompletedSwitch_EachRetailerGetsOnlyItsOwnStatusChangesInOrder()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;
        var switchOut = (await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, null), "out", false, default)).Result!;

        var forNew = await h.Notifications.GetEventsAsync(New, 0, 100, default);
        var forNewAfterFirst = await h.Notifications.GetEventsAsync(New, 1, 100, default);
        var forOld = await h.Notifications.GetEventsAsync(Old, 0, 100, default);
        var forThird = await h.Notifications.GetEventsAsync(Third, 0, 100, default);

        Assert.Equal([(1L, "01"), (2L, "05"), (3L, "06")], forNew.Items.Select(e => (e.Seq, e.Status!)).ToArray());
        Assert.All(forNew.Items, e => Assert.Equal(switchIn.Number, e.SubjectId));
        Assert.Equal([2L, 3L], forNewAfterFirst.Items.Select(e => e.Seq).ToArray());
        Assert.All(forOld.Items, e => Assert.Equal(switchOut.Number, e.SubjectId));
        Assert.Empty(forThird.Items);
    }
}

public sealed class SqliteNotificationQueueTests : NotificationQueueTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresNotificationQueueTests : NotificationQueueTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
