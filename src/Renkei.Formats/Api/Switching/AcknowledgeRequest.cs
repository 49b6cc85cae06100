namespace Renkei.Formats.Api.Switching;

/// <summary>Acknowledges the notifications up to <paramref name="UpTo"/> (an event's seq), inclusive.</summary>
public sealed record AcknowledgeRequest(long UpTo);
