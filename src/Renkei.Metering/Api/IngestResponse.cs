using Renkei.Metering.Engine;

namespace Renkei.Metering.Api;

/// <summary>The HES acknowledgement of a batch of reads.</summary>
public sealed record IngestResponse(int Accepted, int Duplicates, int RejectedCount, IReadOnlyList<RejectedRead> Rejected);
