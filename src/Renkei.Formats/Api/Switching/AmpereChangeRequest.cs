using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Switching;

/// <summary>アンペア変更申込 (IF_10910): the current retailer changes a low-voltage point's contract current.</summary>
/// <param name="SupplyPointId">供給地点特定番号.</param>
/// <param name="Amperes">契約電流希望: 10, 15, 20, 30, 40, 50 or 60 A.</param>
/// <param name="ChangeDate">契約変更予定年月日: today or later.</param>
/// <param name="Envelope">The market's request envelope (申込種別, 更新フラグ); optional.</param>
/// <param name="Content">The market's items (applicant, site visit, desired work time); optional.</param>
public sealed record AmpereChangeRequest(string? SupplyPointId, [AllowedValues(10, 15, 20, 30, 40, 50, 60)] int? Amperes, DateOnly? ChangeDate, ApplicationContent? Content = null, RequestEnvelope? Envelope = null) : IEnveloped;
