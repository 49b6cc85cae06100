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
/// The HES's communication control, from the node's side: after each slot's publication it lists the reads at the
/// slot's end still missing, books them (<see cref="RereadBook"/>) and asks the head-end for them again
/// (<c>POST /internal/v1/hes/rereads</c>, at most <see cref="RereadRequest.MaxReads"/> reads a request), together
/// with the reads of earlier slots still missing and asked for fewer than the allowed times. The head-end's reads
/// come back through <c>POST /internal/v1/hes/reads</c> as late reads and revise the slot under a new version.
/// <para>
/// Nothing here is on the close path: the slot closer only drops the published slot into a channel
/// (<see cref="Published"/>, never blocks); the scan, the booking and the HTTP calls run on this service's own task.
/// A head-end that is slow or silent delays only the next re-reads, never a publication.
/// </para>
/// </summary>
internal sealed partial class RereadLoop(IntervalEngine engine, RereadBook book, HttpClient headEnd, ILogger<RereadLoop> logger) : BackgroundService
{
    private readonly Channel<Slot> published = Channel.CreateUnbounded<Slot>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Rounds completed (every request of the round answered or failed); tests wait on it.</summary>
    public event Action<Slot>? RoundDone;

    /// <summary>Requests the head-end did not acknowledge since the start.</summary>
    public long FailedRequests { get; private set; }

    /// <summary>The slot closer's hook: queues the published slot for its re-read round and returns at once.</summary>
    public void Published(Slot slot, DateTimeOffset at) => published.Writer.TryWrite(slot);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var slot in published.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await RoundAsync(slot, stoppingToken).ConfigureAwait(false);
            RoundDone?.Invoke(slot);
        }
    }

    /// <summary>One round: books <paramref name="slot"/>'s missing reads and asks for every read due.</summary>
    internal async Task RoundAsync(Slot slot, CancellationToken cancellationToken)
    {
        var gaps = engine.Gaps;
        var listed = new List<(int Ordinal, Direction Direction)>();
        var missing = gaps.Scan(slot.End.UtcTicks / Slot.TicksPerSlot, RereadBook.MaxListedPerSlot, listed);
        book.Open(slot, missing, listed);
        var due = book.Due(gaps, engine.MeterIdOf);
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
                LogFailed(logger, e, slot, request.Reads.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The head-end did not take the re-read request after slot {Slot} ({Reads} reads); asked again next round while attempts are left")]
    private static partial void LogFailed(ILogger logger, Exception exception, Slot slot, int reads);
}
