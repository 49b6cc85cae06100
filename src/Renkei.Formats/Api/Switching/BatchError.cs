namespace Renkei.Formats.Api.Switching;

/// <summary>One failed rule of one line of a bulk file (line 0: the file as a whole).</summary>
public sealed record BatchError(int Line, string Code, string Field, string Message, string MessageJa);
