using Microsoft.Extensions.Logging;

namespace Renkei.Hosting.Contracts;

/// <summary>
/// Follows switching's reading-schedule feed (<c>GET /internal/v1/reading-schedules/changes</c>) into the
/// <see cref="ReadingScheduleReadModel"/>. The metering node runs one beside its <see cref="ContractFeedFollower"/>,
/// signing with the same internal caller key.
/// </summary>
public sealed class ReadingScheduleFeedFollower(HttpClient http, ReadingScheduleReadModel model, ILogger<ReadingScheduleFeedFollower> logger)
    : FeedFollower<ReadingScheduleFeedItem>(http, model, "internal/v1/reading-schedules/changes", "reading-schedule", logger);
