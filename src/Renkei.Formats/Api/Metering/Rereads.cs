namespace Renkei.Formats.Api.Metering;

/// <summary>
/// The metering node asks the HES to read meters again (<c>POST /internal/v1/hes/rereads</c> at the head-end): the
/// reads it did not have at a slot's cutoff. The HES answers at once with what it will try; the reads it gets
/// arrive later through the normal ingest path (<c>POST /internal/v1/hes/reads</c>), as late reads.
/// </summary>
public sealed record RereadRequest(IReadOnlyList<RereadItem> Reads)
{
    /// <summary>The most reads one request may carry; the node sends more in several requests.</summary>
    public const int MaxReads = 10_000;
}

/// <summary>One read asked for again: the meter, the 30-minute boundary it is stamped at, and <c>import</c> or <c>export</c>.</summary>
public sealed record RereadItem(string MeterId, DateTimeOffset ReadAt, string Direction);

/// <summary>
/// The HES's answer to a re-read request: how many reads were asked for, how many the meters still hold and will be
/// delivered as late reads, and how many got no answer (a meter that does not answer, or no longer holds the read).
/// </summary>
public sealed record RereadAcknowledgement(int Requested, int Answering, int Unanswered);

/// <summary>
/// What re-reading did for one slot, after its publication: the values of the slot (per meter and direction) lacking
/// a read at its start or end at the cutoff (counted just after the publication), those whose absent reads were asked
/// for again (each read at most <see cref="MaxAttempts"/> times), those whose reads have all arrived since (by re-read
/// or late), and those still missing.
/// </summary>
public sealed record SlotRereads(int MissingAtCutoff, int Requested, int Recovered, int StillMissing, int Requests, int MaxAttempts);
