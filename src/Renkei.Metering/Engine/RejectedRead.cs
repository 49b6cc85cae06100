namespace Renkei.Metering.Engine;

/// <summary>A read the engine refused, with the line it came from and why.</summary>
public sealed record RejectedRead(int Line, string Reason);
