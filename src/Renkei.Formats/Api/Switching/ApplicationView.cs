using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Switching;

/// <summary>業務処理状況確認: the answer of the status poll, including what the application is waiting for.</summary>
public sealed record ApplicationView(
    string Number,
    [Description("The application's market interface: IF_10610 switch-in, IF_10710 switch-out, IF_10410 move-in (再点), IF_10510 move-out (廃止・撤去), IF_10810 customer details (需要者情報変更), IF_10910 ampere change, IF_10210 usage information (使用量情報照会).")][AllowedValues("IF_10610", "IF_10710", "IF_10410", "IF_10510", "IF_10810", "IF_10910", "IF_10210")] string Kind,
    string SupplyPointId,
    string RetailerCode,
    [Description("受付工程, the market's code: 01 受付 received (waiting for the counterpart); 03 差戻し returned for correction; 04 再判定 in progress after a correction; 05 マッチング完了 matched; 06 完了 completed; 08 取下げ完了 withdrawn; 09 完了(NG) rejected (reasonCode says why); 10 送配電処理中 with the area's TSO. statusName gives the English name.")][AllowedValues("01", "03", "04", "05", "06", "08", "09", "10")] string Status,
    string StatusName,
    DateOnly? RequestedDate,
    DateOnly? SwitchDate,
    DateOnly? Deadline,
    string? RelayNumber,
    string? ReasonCode,
    string? ReasonMessage,
    string? WaitingFor,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int? Amperes = null,
    [Description("計器取替予定月日: the TSO's planned meter replacement date for this switch (a switch with meter work), once set.")] DateOnly? MeterReplacementPlannedDate = null,
    [Description("計器取替月日: the day the TSO replaced the meter for this switch.")] DateOnly? MeterReplacementDate = null,
    [Description("The effective change date of a switch: 計器取替月日, else 計器取替予定月日, else 接続供給開始年月日 (switchDate).")] DateOnly? EffectiveDate = null,
    [Description("The market's items the application was filed with (applicant, site visit, service menu, ...), as stored.")] ApplicationContent? Content = null);
