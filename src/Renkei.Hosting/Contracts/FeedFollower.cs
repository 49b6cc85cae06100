using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Renkei.Hosting.Contracts;

/// <summary>
/// Follows one of switching's paged feeds (<c>GET {route}?after=&amp;limit=</c> answering <c>items</c> and <c>next</c>)
/// into its read model once a second: asks after the model's cursor, applies each page, stops at an empty page, and
/// on a failure asks for the same page again at the next tick. A page the model refuses is applied not at all.
/// </summary>
public abstract partial class FeedFollower<TItem>(HttpClient http, FeedReadModel<TItem> model, string route, string feedName, ILogger logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const int PageSize = 10000;

    /// <summary>Reads the feed until it is exhausted. Returns the number of items applied.</summary>
    public async Task<int> SyncAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var url = string.Create(CultureInfo.InvariantCulture, $"{route}?after={model.Cursor}&limit={PageSize}");
            var page = await http.GetFromJsonAsync<Page>(url, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"empty {feedName} feed page");
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
                LogFeedFailed(logger, feedName, e);
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                LogFeedRefused(logger, feedName, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the {Feed} feed; will retry")]
    private static partial void LogFeedFailed(ILogger logger, string feed, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Feed} feed sent an item that cannot be applied; the page was refused and is asked for again")]
    private static partial void LogFeedRefused(ILogger logger, string feed, Exception exception);

    // The shape every feed page has on the wire (ContractFeedPage, ReadingScheduleFeedPage).
    private sealed record Page(IReadOnlyList<TItem> Items, long Next);
}
