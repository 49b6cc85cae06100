namespace Renkei.Formats.Api.Metering;

/// <summary>What the metering node is doing.</summary>
public sealed record MeteringStatus(int Meters, long AcceptedReads, string NextSlotToClose, string Now);
