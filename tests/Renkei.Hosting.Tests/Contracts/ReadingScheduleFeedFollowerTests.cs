using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Renkei.Hosting.Contracts;

namespace Renkei.Hosting.Tests.Contracts;

/// <summary>
/// The follower against a real HTTP endpoint: a Kestrel app on loopback serving the reading-schedule feed in pages of
/// two, as switching's route answers (<c>after</c>, <c>limit</c>, items and <c>next</c>).
/// </summary>
public sealed class ReadingScheduleFeedFollowerTests : IAsyncLifetime
{
    private readonly List<ReadingScheduleFeedItem> feed = [];
    private readonly ConcurrentQueue<long> asked = new();
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapGet("/internal/v1/reading-schedules/changes", (long after, int limit) =>
        {
            asked.Enqueue(after);
            List<ReadingScheduleFeedItem> page;
            lock (feed)
            {
                page = feed.Where(i => i.Seq > after).OrderBy(i => i.Seq).Take(Math.Min(limit, 2)).ToList();
            }

            return Results.Json(new ReadingScheduleFeedPage(page, page.Count == 0 ? after : page[^1].Seq));
        });
        await app.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Sync_ReadsEveryPage_ThenGoesOnFromItsCursor()
    {
        Add(1, "03", "05", "2026-10", new DateOnly(2026, 10, 8));
        Add(2, "03", "05", "2026-11", new DateOnly(2026, 11, 9));
        Add(3, "03", "05", "2026-12", new DateOnly(2026, 12, 8));
        using var model = new ReadingScheduleReadModel();
        var follower = new ReadingScheduleFeedFollower(http, model, NullLogger<ReadingScheduleFeedFollower>.Instance);

        Assert.Equal(3, await follower.SyncAsync(CancellationToken.None));
        Assert.Equal([0L, 2L, 3L], asked.ToArray());
        Assert.Equal(3, model.Cursor);
        Assert.True(model.TryReadingDate("03", "05", 2026, 12, out var december));
        Assert.Equal(new DateOnly(2026, 12, 8), december);

        // A correction later in the feed replaces November's day; the next sync asks only after the cursor.
        Add(4, "03", "05", "2026-11", new DateOnly(2026, 11, 10));
        Assert.Equal(1, await follower.SyncAsync(CancellationToken.None));
        Assert.Equal([0L, 2L, 3L, 3L, 4L], asked.ToArray());
        Assert.True(model.TryReadingDate("03", "05", 2026, 11, out var november));
        Assert.Equal(new DateOnly(2026, 11, 10), november);
    }

    [Fact]
    public async Task BadItem_PageRefused_CursorStays_SameItemsAskedAgain()
    {
        Add(1, "03", "05", "2026-10", new DateOnly(2026, 10, 8));
        Add(2, "03", "05", "October", new DateOnly(2026, 10, 9));
        using var model = new ReadingScheduleReadModel();
        var follower = new ReadingScheduleFeedFollower(http, model, NullLogger<ReadingScheduleFeedFollower>.Instance);

        await Assert.ThrowsAsync<FormatException>(() => follower.SyncAsync(CancellationToken.None));

        Assert.Equal(0, model.Cursor);
        Assert.False(model.TryReadingDate("03", "05", 2026, 10, out _));
    }

    [Fact]
    public async Task FeedDown_HttpRequestException_NothingApplied()
    {
        using var model = new ReadingScheduleReadModel();
        using var refused = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/nothing-here/") };
        var follower = new ReadingScheduleFeedFollower(refused, model, NullLogger<ReadingScheduleFeedFollower>.Instance);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => follower.SyncAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal(0, model.Cursor);
    }

    private void Add(long seq, string area, string code, string month, DateOnly day)
    {
        lock (feed)
        {
            feed.Add(new ReadingScheduleFeedItem(seq, area, code, month, day));
        }
    }
}
