using System.Net;
using System.Net.Http.Json;
using System.Text;
using Polly;
using Polly.Retry;

namespace Renkei.Simulator.Fleet;

/// <summary>
/// The head-end: sends the feed's reads to the HES over HTTP (CSV bodies) as the clock passes each boundary. A batch
/// the HES does not acknowledge (unreachable, or refused with <c>503</c>/<c>429</c>) is kept and sent again, first,
/// with exponential backoff and jitter (Polly); when the HES gives a <c>Retry-After</c>, after that, but never sooner than the
/// backoff (<see cref="WaitAfterRefusal"/>), so a busy HES's short Retry-After does not bring every refused batch back at
/// once for ever. While a batch waits,
/// the feed makes no new one: the meters' reads stay in the feed's past and are made when the HES takes the kept
/// batch, so at most one batch is held however long the HES refuses, and none is lost or sent twice.
/// </summary>
public sealed class FleetFeeder(FleetFeed feed, HttpClient hes, TimeProvider clock)
{
    private const int LinesPerRequest = 50_000;

    // The batch the HES has not acknowledged yet: sent again before anything new.
    private StringBuilder? unacknowledged;
    private int unacknowledgedLines;

    public long ReadsSent { get; private set; }

    /// <summary>The head-end's re-reads (null: none): the reads the meters answered go to the HES first, each round.</summary>
    public HeadEnd.RereadDesk? Rereads { get; init; }

    public long ReadsAccepted { get; private set; }

    public long ReadsRejected { get; private set; }

    /// <summary>Batches the HES refused as such (a 4xx other than 429): not sent again, their reads counted as rejected.</summary>
    public long BatchesRefused { get; private set; }

    /// <summary>Tries that got no acknowledgement since the start.</summary>
    public long FailedTries { get; private set; }

    /// <summary>Tries since the last acknowledgement (0: the HES takes the batches).</summary>
    public int FailingFor { get; private set; }

    /// <summary>The wait before a batch is sent again: doubling from <see cref="RetryFirst"/> with jitter, at most <see cref="RetryCap"/>; the HES's Retry-After if it gave a longer one.</summary>
    public TimeSpan RetryFirst { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc cref="RetryFirst"/>
    public TimeSpan RetryCap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Told of each try without acknowledgement (the failure, the wait before the next).</summary>
    public event Action<Exception, TimeSpan>? TryFailed;

    /// <summary>Told when the HES acknowledges again after failed tries (their number).</summary>
    public event Action<int>? Recovered;

    /// <summary>
    /// Sends the kept batch, if any, then every boundary up to the clock's now; returns the number of reads
    /// acknowledged. Throws <see cref="HttpRequestException"/> when the HES does not acknowledge a batch: it is kept
    /// and sent first next time.
    /// </summary>
    public async Task<long> CatchUpAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        long sent = 0;
        if (unacknowledged is not null)
        {
            await PostAsync(unacknowledged, unacknowledgedLines, cancellationToken).ConfigureAwait(false);
            sent += unacknowledgedLines;
            unacknowledged = null;
            unacknowledgedLines = 0;
        }

        // Re-read reads are late reads: the same batch format, the same door, before the boundaries now due.
        if (Rereads is { Waiting: > 0 } desk)
        {
            var reread = new StringBuilder().Append(FleetFeed.Header).Append('\n');
            var n = desk.DrainInto(reread);
            await PostOrKeepAsync(reread, n, cancellationToken).ConfigureAwait(false);
            sent += n;
        }

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
                await PostOrKeepAsync(csv, lines, cancellationToken).ConfigureAwait(false);
                sent += lines;
                lines = 0;
            }
        }

        if (lines > 0 && csv is not null)
        {
            await PostOrKeepAsync(csv, lines, cancellationToken).ConfigureAwait(false);
            sent += lines;
        }

        return sent;
    }

    /// <summary>Keeps sending as the clock advances, until cancelled; a batch without acknowledgement is sent again with backoff.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = RetryFirst,
                MaxDelay = RetryCap,
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is HesRefusedException { RetryAfter: { } after } ? WaitAfterRefusal(after, args.AttemptNumber) : null),
                OnRetry = args =>
                {
                    FailedTries++;
                    FailingFor++;
                    TryFailed?.Invoke(args.Outcome.Exception!, args.RetryDelay);
                    return default;
                },
            })
            .Build();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await retry.ExecuteAsync(async token => await CatchUpAsync(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (FailingFor > 0)
            {
                Recovered?.Invoke(FailingFor);
                FailingFor = 0;
            }
        }
    }

    /// <summary>
    /// The wait before try <paramref name="attempt"/> + 1 (0: the first retry) of a batch the HES refused with
    /// <paramref name="retryAfter"/>: that, but at least the backoff (<see cref="RetryFirst"/> doubled per attempt, at
    /// most <see cref="RetryCap"/>, without jitter: Polly's jittered value is not handed to a delay generator). A
    /// Retry-After longer than the cap is still honoured: the HES knows when it can take the batch.
    /// </summary>
    internal TimeSpan WaitAfterRefusal(TimeSpan retryAfter, int attempt)
    {
        var backoff = RetryFirst * Math.Pow(2, Math.Clamp(attempt, 0, 30));
        if (backoff > RetryCap)
        {
            backoff = RetryCap;
        }

        return retryAfter > backoff ? retryAfter : backoff;
    }

    private async Task PostOrKeepAsync(StringBuilder csv, int lines, CancellationToken cancellationToken)
    {
        try
        {
            await PostAsync(csv, lines, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            unacknowledged = csv;
            unacknowledgedLines = lines;
            throw;
        }
    }

    private async Task PostAsync(StringBuilder csv, int lines, CancellationToken cancellationToken)
    {
        using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        using var response = await hes.PostAsync(new Uri("internal/v1/hes/reads", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
        {
            var after = response.Headers.RetryAfter is { } r ? r.Delta ?? (r.Date - clock.GetUtcNow()) : null;
            throw new HesRefusedException($"the HES refused the batch ({(int)response.StatusCode}); sent again", after, response.StatusCode);
        }

        if ((int)response.StatusCode is >= 400 and < 500)
        {
            // The HES refuses the batch itself (unreadable, too large): sending it again cannot help.
            ReadsSent += lines;
            ReadsRejected += lines;
            BatchesRefused++;
            return;
        }

        response.EnsureSuccessStatusCode();
        var ack = await response.Content.ReadFromJsonAsync<HesAcknowledgement>(cancellationToken).ConfigureAwait(false);
        ReadsSent += lines;
        ReadsAccepted += ack?.Accepted ?? 0;
        ReadsRejected += ack?.RejectedCount ?? 0;
    }

    private sealed record HesAcknowledgement(int Accepted, int Duplicates, int RejectedCount);
}

/// <summary>The HES refused a batch for now (<c>503</c> or <c>429</c>); <see cref="RetryAfter"/> is its Retry-After, if it gave one.</summary>
public sealed class HesRefusedException(string message, TimeSpan? retryAfter, HttpStatusCode status)
    : HttpRequestException(message, null, status)
{
    public TimeSpan? RetryAfter { get; } = retryAfter is { } a && a > TimeSpan.Zero ? a : null;
}
