using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Renkei.Hosting.Http;
using Renkei.Metering.Engine;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Hes;

/// <summary>The HES's HTTP door (<c>POST /internal/v1/hes/reads</c>): a batch of reads as CSV or binary, acknowledged once durable.</summary>
internal static class HesApi
{
    /// <summary>How long a head-end waits before sending a batch again that the read log could not take.</summary>
    private const string RetryAfterSeconds = "5";

    /// <summary>
    /// How long a head-end waits before sending a batch again that found the batches in flight at their bound: a batch
    /// takes well under a second to ingest, so slots free quickly; the head-end's own backoff lengthens the wait while
    /// the refusals go on.
    /// </summary>
    private const string BusyRetryAfterSeconds = "1";

    /// <summary>The reasons of <c>renkei.metering.hes.batches.refused</c>.</summary>
    internal const string RefusedInFlight = "in-flight";

    /// <inheritdoc cref="RefusedInFlight"/>
    internal const string RefusedHistoryBacklog = "history-backlog";

    /// <inheritdoc cref="RefusedInFlight"/>
    internal const string RefusedReadLog = "read-log";

    /// <summary>Parses a batch (binary by its content type, else CSV), then ingests it log first (<see cref="ReadIngest"/>).</summary>
    internal static async Task<Results<Ok<IngestResponse>, ProblemHttpResult>> PostReads(
        HttpRequest request, MeterRegistry registry, ReadIngest ingest, BatchAdmission admission)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(ingest);
        ArgumentNullException.ThrowIfNull(admission);

        // A batch over the node's body limit is refused by its Content-Length before a byte of it is read (with
        // Expect: 100-continue the sender never sends it); a chunked one that passes the limit while being read is
        // refused the same way by the node's RequestProblems step.
        if (RequestProblems.DeclaresTooLarge(request, out var limit))
        {
            return RequestProblems.TooLarge(limit);
        }

        // So is every batch while the history store's backlog is at its bound, before its body is read.
        if (ingest.BacklogFull(out var full))
        {
            return BacklogFull(request, ingest, full);
        }

        // And a batch beyond the bound of batches in flight: ingest does not keep up, the head-end keeps it meanwhile.
        using var slot = admission.TryEnter();
        if (slot is null)
        {
            ingest.Metrics?.BatchRefused(RefusedInFlight);
            request.HttpContext.Response.Headers.RetryAfter = BusyRetryAfterSeconds;
            return TypedResults.Problem(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{admission.Limit} batches are being ingested, as many as the node takes at once; nothing of this batch was read or kept, send it again after Retry-After"),
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Reads not accepted: ingest is not keeping up");
        }

        var rejected = new List<RejectedRead>();
        var reads = new List<MeterRead>();
        try
        {
            if (request.ContentType is { } type && type.StartsWith(Renkei.Formats.Reads.BinaryReads.ContentType, StringComparison.OrdinalIgnoreCase))
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
                BinaryReadsReader.DecodeParallel(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), registry, reads, rejected, Environment.ProcessorCount);
            }
            else
            {
                using var body = new StreamReader(request.Body);
                var text = await body.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
                reads = ReadsCsvParser.Parse(new StringReader(text), registry, rejected);
            }
        }
        catch (ReadsFileException e)
        {
            var detail = e.InnerException is { } cause ? $"{e.Message}: {cause.Message}" : e.Message;
            return TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Unreadable reads batch");
        }

        IngestOutcome outcome;
        try
        {
            outcome = ingest.Ingest(CollectionsMarshal.AsSpan(reads), rejected);
        }
        catch (ReadLogUnavailableException e)
        {
            // Nothing of the batch was kept: the head-end sends it again after Retry-After.
            ingest.Metrics?.BatchRefused(RefusedReadLog);
            request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
            return TypedResults.Problem(
                $"{e.Message}: {e.InnerException?.Message}", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Reads not accepted: the read log cannot be written");
        }
        catch (HistoryBacklogFullException e)
        {
            return BacklogFull(request, ingest, e);
        }

        rejected.Sort((a, b) => a.Line.CompareTo(b.Line));
        return TypedResults.Ok(new IngestResponse(outcome.Accepted, outcome.Duplicates, rejected.Count, rejected));
    }

    /// <summary>Nothing of the batch was kept: the head-end sends it again once the history store takes writes.</summary>
    private static ProblemHttpResult BacklogFull(HttpRequest request, ReadIngest ingest, HistoryBacklogFullException e)
    {
        ingest.Metrics?.BatchRefused(RefusedHistoryBacklog);
        request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Reads not accepted: the history store's backlog is full");
    }
}
