using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Renkei.Hosting.Contracts;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Tso;

/// <summary>
/// A point's reading schedule code (検針日程) changed at area 03's TSO node reaches the metering node's contract read
/// model through the hub's contract feed at once, read by the real <see cref="ContractFeedFollower"/> over HTTP:
/// not only with the point's next contract change.
/// </summary>
public abstract partial class RemoteTsoTests
{
    [SkippableFact]
    public async Task ScheduleCodeChangedAtTso_ReachesTheFeedFollower_WithoutAContractChange()
    {
        await using var s = await StartAsync();
        using var tsoOperator = s.Tso.OperatorClient();
        using var contracts = new ContractReadModel();
        var follower = new ContractFeedFollower(s.Hub.Client(null), contracts, NullLogger<ContractFeedFollower>.Instance);
        var first = await follower.SyncAsync(default);
        var before = contracts.ReadingScheduleOf(ConventionalPoint);

        var changed = await tsoOperator.PostAsJsonAsync($"internal/v1/tso-operator/03/supply-points/{ConventionalPoint}/facts", new { readingSchedule = "07" });
        var followed = await s.Hub.Dispatcher.FollowPointChangesAsync(default);
        var applied = await follower.SyncAsync(default);
        var unchanged = await tsoOperator.PostAsJsonAsync($"internal/v1/tso-operator/03/supply-points/{ConventionalPoint}/facts", new { contractAmperes = 40 });
        var followedAgain = await s.Hub.Dispatcher.FollowPointChangesAsync(default);
        var appliedAgain = await follower.SyncAsync(default);

        Assert.True(first > 0);
        Assert.Null(before);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(1, followed);
        Assert.Equal(1, applied);
        Assert.Equal("07", contracts.ReadingScheduleOf(ConventionalPoint));

        // A change of another fact leaves the schedule as it was: nothing goes out on the contract feed.
        Assert.Equal(HttpStatusCode.NoContent, unchanged.StatusCode);
        Assert.Equal((1, 0), (followedAgain, appliedAgain));
    }
}
