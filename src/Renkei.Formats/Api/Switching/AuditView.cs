namespace Renkei.Formats.Api.Switching;

/// <summary>One audit entry as the owner of the subject sees it (an application's history).</summary>
public sealed record AuditView(DateTimeOffset At, string Actor, string Action, string? FromStatus, string? ToStatus, string? Detail);
