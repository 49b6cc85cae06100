namespace Renkei.Formats.Api.Switching;

/// <summary>One failed rule: its code, the request field it concerns, and why, in English and Japanese.</summary>
public sealed record RuleViolation(string Code, string Field, string Message, string MessageJa);
