namespace Renkei.Formats.Api.Switching;

/// <summary>需要者情報変更申込 (IF_10810): the current retailer updates the contract holder's details at a point.</summary>
/// <param name="SupplyPointId">供給地点特定番号.</param>
/// <param name="CustomerNumber">お客様番号, at most 21 bytes.</param>
/// <param name="Name">漢字氏名, at most 80 MS932 bytes.</param>
/// <param name="NameKana">カナ氏名, full-width katakana, at most 80 bytes.</param>
/// <param name="Address">住所, at most 400 bytes.</param>
/// <param name="Phone">電話番号, 10 or 11 digits starting with 0.</param>
/// <param name="PostalCode">郵便番号, NNN-NNNN.</param>
/// <param name="Building">建物名, at most 100 bytes.</param>
/// <param name="Envelope">The market's request envelope (申込種別, 更新フラグ); optional.</param>
/// <param name="Content">The market's items (the applicant); optional.</param>
public sealed record CustomerDetailsRequest(
    string? SupplyPointId, string? CustomerNumber, string? Name, string? NameKana, string? Address, string? Phone,
    string? PostalCode = null, string? Building = null, ApplicationContent? Content = null, RequestEnvelope? Envelope = null) : IEnveloped;
