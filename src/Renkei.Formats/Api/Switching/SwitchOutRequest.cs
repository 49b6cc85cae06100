namespace Renkei.Formats.Api.Switching;

/// <summary>スイッチング廃止申込 (IF_10710): the current retailer's switch-out application.</summary>
/// <param name="SupplyPointId">供給地点特定番号, 22 digits.</param>
/// <param name="SwitchDate">接続廃止予定日: the day the contract ends (the new retailer's switch date).</param>
/// <param name="CustomerNumber">The retailer's customer number of the contract being ended (optional).</param>
/// <param name="Envelope">The market's request envelope (申込種別, 更新フラグ); optional.</param>
/// <param name="Content">The market's items (the applicant); optional.</param>
public sealed record SwitchOutRequest(string? SupplyPointId, DateOnly? SwitchDate, string? CustomerNumber, ApplicationContent? Content = null, RequestEnvelope? Envelope = null) : IEnveloped;
