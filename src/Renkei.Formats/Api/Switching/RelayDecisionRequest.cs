namespace Renkei.Formats.Api.Switching;

/// <summary>廃止取次判定 (IS_20410): the current retailer's decision, "01" OK or "02" NG with reason codes 1–9.</summary>
public sealed record RelayDecisionRequest(string? Decision, IReadOnlyList<int>? NgReasons);
