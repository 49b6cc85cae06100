using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Renkei.Hosting.Contracts;

/// <summary>
/// Follows switching's contract change feed into the <see cref="ContractReadModel"/> (once a second). The gateway and the
/// metering node each run one, with their own internal caller key; switching trusts each for the feed route.
/// </summary>
public sealed partial class ContractFeedFollower(HttpClient http, ContractReadModel model, ILogger<ContractFeedFollower> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Reads the feed until it is exhausted. Returns the number of changes applied.</summary>
    public async Task<int> SyncAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var url = string.Create(CultureInfo.InvariantCulture, $"internal/v1/wheeling-contracts/changes?after={model.Cursor}&limit=10000");
            var page = await http.GetFromJsonAsync<ContractFeedPage>(url, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("empty contract feed page");
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
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the wheeling-contract feed; will retry")]
    private partial void LogFeedFailed(Exception exception);
}
