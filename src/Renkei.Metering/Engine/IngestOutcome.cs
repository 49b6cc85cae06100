namespace Renkei.Metering.Engine;

/// <summary>The acknowledgement of a batch of reads: how many were accepted (durably), how many were exact duplicates, and each rejection.</summary>
public sealed record IngestOutcome(int Accepted, int Duplicates, IReadOnlyList<RejectedRead> Rejected);
