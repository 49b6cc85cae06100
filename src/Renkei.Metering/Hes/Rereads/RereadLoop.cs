using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Api.Metering;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Hes.Rereads;

/// <summary>
/// The HES's communication control, from the node's side: after each slot's publication it lists the meters' values
/// of the slot lacking a read at its start or end, books them (<see cref="RereadBook"/>) and asks the head-end for
/// the absent reads again (<c>POST /internal/v1/hes/rereads</c>, at most <see cref="RereadRequest.MaxReads"/> reads
/// a request), together with those of earlier slots still missing and asked for fewer than the allowed times. The
/// book is saved after each round (<see cref="RereadBookFile"/>) and resumed at start. The head-end's reads
/// come back through <c>POST /internal/v1/hes/reads</c> as late reads and revise the slot under a new version.
/// <para>
/// Nothing here is on the close path: the slot closer only drops the published slot into a channel
/// (<see cref="Published"/>, never blocks); the scan, the booking and the HTTP calls run on this service's own task.
/// A head-end that is slow or silent delays only the next re-reads, never a publication.
/// </para>
/// </summary>
internal sealed partial class RereadLoop(IntervalEngine engine, RereadBook book, RereadBookFile file, HttpClient headEnd, ILogger<RereadLoop> logger) : BackgroundService
{
    private readonly Channel<Slot> published = Channel.CreateUnbounded<Slot>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Rounds completed (every request of the round answered or failed); tests wait on it.</summary>
    public event Action<Slot>? RoundDone;

    /// <summary>Completes once the round that resumes what the book saved before a restart owes is done (at once without one).</summary>
    public Task Resumed => resumed.Task;

    /// <summary>Requests the head-end did not acknowledge since the start.</summary>
    public long FailedRequests { get; private set; }

    /// <summary>The slot closer's hook: queues the published slot for its re-read round and returns at once.</summary>
    public void Published(Slot slot, DateTimeOffset at) => published.Writer.TryWrite(slot);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // After a restart: the reads the saved book still owes are asked for at once, and the slots published
            // after its newest one, whose rounds the stop cut off, are booked now (the closer does not publish them again).
            if (book.Newest is { } newest)
            {
                await AskDueAsync(null, stoppingToken).ConfigureAwait(false);
                var next = newest.Next();
                for (var n = 0; n < RereadBook.SlotsKept && engine.IsPublished(next); n++, next = next.Next())
                {
                    published.Writer.TryWrite(next);
                }
            }
        }
        finally
        {
            resumed.TrySetResult();
        }

        await foreach (var slot in published.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await RoundAsync(slot, stoppingToken).ConfigureAwait(false);
            RoundDone?.Invoke(slot);
        }
    }

    /// <summary>One round: books <paramref name="slot"/>'s values lacking a read and asks for every read due.</summary>
    internal async Task RoundAsync(Slot slot, CancellationToken cancellationToken)
    {
        var listed = new List<GapRead>();
        var missing = engine.Gaps.Scan(slot.End.UtcTicks / Slot.TicksPerSlot, RereadBook.MaxListedPerSlot, listed);
        book.Open(slot, missing, listed);
        await AskDueAsync(slot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks for every read due, once the book (with the reads counted as asked) is saved.</summary>
    private async Task AskDueAsync(Slot? slot, CancellationToken cancellationToken)
    {
        var due = book.Due(engine.Gaps, engine.MeterIdOf);
        try
        {
            file.Save(book);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The reads are asked for all the same; a restart before the next saved round re-asks from the last saved book.
            LogNotSaved(logger, e, file.Path);
        }

        for (var from = 0; from < due.Count; from += RereadRequest.MaxReads)
        {
            var request = new RereadRequest(due.GetRange(from, Math.Min(RereadRequest.MaxReads, due.Count - from)));
            try
            {
                using var response = await headEnd.PostAsJsonAsync(new Uri("internal/v1/hes/rereads", UriKind.Relative), request, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The reads stay booked as asked: the next round asks again while attempts are left.
                FailedRequests++;
                LogFailed(logger, e, slot?.ToString() ?? "resumed", request.Reads.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The re-read book could not be saved to {Path}; a restart resumes from the last one saved")]
    private static partial void LogNotSaved(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The head-end did not take the re-read request of round {Round} ({Reads} reads); asked again next round while attempts are left")]
    private static partial void LogFailed(ILogger logger, Exception exception, string round, int reads);
}
