namespace Renkei.Formats.Api.Switching;

/// <summary>スイッチング開始申込 (IF_10610): the new retailer's switch-in application.</summary>
/// <param name="SupplyPointId">供給地点特定番号, 22 digits.</param>
/// <param name="SwitchDate">接続開始予定日 asked for; null takes the default (the scheduled reading day after the standard period).</param>
/// <param name="RelayNumber">廃止取次番号 of the relay that asked the current retailer, if any.</param>
/// <param name="Envelope">The market's request envelope (申込種別, 更新フラグ); optional.</param>
/// <param name="Content">The market's items (applicant, wheeling-terms consent, old retailer's code and customer number, service menu, ...); optional.</param>
public sealed record SwitchInRequest(string? SupplyPointId, DateOnly? SwitchDate, string? RelayNumber, ApplicationContent? Content = null, RequestEnvelope? Envelope = null) : IEnveloped;
