using System.Net.Http.Json;
using System.Text;

namespace Renkei.Simulator.Fleet;

/// <summary>Sends the feed's reads to the HES over HTTP (CSV bodies) as the clock passes each boundary.</summary>
public sealed class FleetFeeder(FleetFeed feed, HttpClient hes, TimeProvider clock)
{
    private const int LinesPerRequest = 50_000;

    public long ReadsSent { get; private set; }

    public long ReadsAccepted { get; private set; }

    public long ReadsRejected { get; private set; }

    /// <summary>Sends every boundary up to the clock's now; returns the number of reads sent.</summary>
    public async Task<long> CatchUpAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        long sent = 0;

        // Made only once a boundary is due: RunAsync calls this every 200 ms, and a 2 MB builder each time (a
        // large-object allocation) gave the demo's process a gen2 collection every few seconds while nothing was due.
        StringBuilder? csv = null;
        var lines = 0;
        while (feed.NextBoundary <= clock.GetUtcNow())
        {
            csv ??= new StringBuilder(1 << 20);
            if (lines == 0)
            {
                csv.Clear().Append(FleetFeed.Header).Append('\n');
            }

            lines += feed.WriteNext(csv);
            if (lines >= LinesPerRequest)
            {
                await PostAsync(csv, lines, cancellationToken).ConfigureAwait(false);
                sent += lines;
                lines = 0;
            }
        }

        if (lines > 0 && csv is not null)
        {
            await PostAsync(csv, lines, cancellationToken).ConfigureAwait(false);
            sent += lines;
        }

        return sent;
    }

    /// <summary>Keeps sending as the clock advances, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // The HES is unreachable for a moment: the reads stay in the feed's past and the meters'
                // registers are cumulative, so nothing is lost beyond these reads; keep going.
            }
        }
    }

    private async Task PostAsync(StringBuilder csv, int lines, CancellationToken cancellationToken)
    {
        using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        using var response = await hes.PostAsync(new Uri("internal/v1/hes/reads", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var ack = await response.Content.ReadFromJsonAsync<HesAcknowledgement>(cancellationToken).ConfigureAwait(false);
        ReadsSent += lines;
        ReadsAccepted += ack?.Accepted ?? 0;
        ReadsRejected += ack?.RejectedCount ?? 0;
    }

    private sealed record HesAcknowledgement(int Accepted, int Duplicates, int RejectedCount);
}
