using Renkei.Metering.Engine;

namespace Renkei.Metering.Hes;

/// <summary>The HES acknowledgement of a batch of reads.</summary>
internal sealed record IngestResponse(int Accepted, int Duplicates, int RejectedCount, IReadOnlyList<RejectedRead> Rejected);
