using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Renkei.Hosting.Contracts;

/// <summary>
/// Follows switching's reading-schedule feed (<c>GET /internal/v1/reading-schedules/changes?after=&amp;limit=</c>) into the
/// <see cref="ReadingScheduleReadModel"/> once a second. The metering node runs one beside its
/// <see cref="ContractFeedFollower"/>, signing with the same internal caller key.
/// </summary>
public sealed partial class ReadingScheduleFeedFollower(HttpClient http, ReadingScheduleReadModel model, ILogger<ReadingScheduleFeedFollower> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Reads the feed until it is exhausted. Returns the number of items applied.</summary>
    public async Task<int> SyncAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var url = string.Create(CultureInfo.InvariantCulture, $"internal/v1/reading-schedules/changes?after={model.Cursor}&limit=10000");
            var page = await http.GetFromJsonAsync<ReadingScheduleFeedPage>(url, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("empty reading-schedule feed page");
            if (page.Items.Count == 0)
            {
                return total;
            }

            model.Apply(page.Items, page.Next);
            total += page.Items.Count;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SyncAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                LogFeedFailed(e);
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                // A page with a bad item is applied not at all; the same page is asked for again next time.
                LogFeedRefused(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the reading-schedule feed; will retry")]
    private partial void LogFeedFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reading-schedule feed sent an item that cannot be applied; the page was refused")]
    private partial void LogFeedRefused(Exception exception);
}
