namespace Renkei.Formats.Api.Switching;

/// <summary>再点申込 (IF_10410): a retailer starts supplying a point that has no contract (a customer moves in).</summary>
/// <param name="SupplyPointId">供給地点特定番号.</param>
/// <param name="StartDate">接続開始予定日; may be back-dated up to 31 days.</param>
/// <param name="Envelope">The market's request envelope (申込種別, 更新フラグ); optional.</param>
/// <param name="Content">The market's items: a move-in requires the site visit, the move-in time, the service menu, the contract decision method, the wheeling-terms consent and the customer.</param>
public sealed record MoveInRequest(string? SupplyPointId, DateOnly? StartDate, ApplicationContent? Content = null, RequestEnvelope? Envelope = null) : IEnveloped;
