namespace Renkei.Formats.Api.Switching;

/// <summary>廃止・撤去申込 (IF_10510): the current retailer ends its contract without a successor (a customer moves out).</summary>
/// <param name="SupplyPointId">供給地点特定番号.</param>
/// <param name="EndDate">接続廃止予定日: the first day not supplied; never in the past, today allowed for low voltage.</param>
/// <param name="RemoveFacilities">設備撤去: whether the meter and service drop are removed.</param>
/// <param name="Envelope">The market's request envelope (申込種別, 更新フラグ); optional.</param>
/// <param name="Content">The market's items: a move-out requires the reason (廃止理由).</param>
public sealed record MoveOutRequest(string? SupplyPointId, DateOnly? EndDate, bool RemoveFacilities, ApplicationContent? Content = null, RequestEnvelope? Envelope = null) : IEnveloped;
