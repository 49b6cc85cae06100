namespace Renkei.Formats.Reads;

/// <summary>A read that was refused (by a reads file parser or by the engine), with the line it came from and why.</summary>
public sealed record RejectedRead(int Line, string Reason);
