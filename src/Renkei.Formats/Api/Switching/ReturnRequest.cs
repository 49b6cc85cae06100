namespace Renkei.Formats.Api.Switching;

/// <summary>差戻し by the TSO (or an operator): why the application goes back to its retailer for correction.</summary>
/// <param name="Reason">What the retailer must correct (shown to it; up to 1,000 characters).</param>
public sealed record ReturnRequest(string? Reason);
