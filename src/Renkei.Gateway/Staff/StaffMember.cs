namespace Renkei.Gateway.Staff;

/// <summary>A staff account as stored (no password): what a successful log-in yields.</summary>
internal sealed record StaffMember(string UserName, string DisplayName, string? RetailerCode, bool IsOperator, string? CertificateThumbprint);
