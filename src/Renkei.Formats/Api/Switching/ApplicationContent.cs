using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Switching;

/// <summary>
/// The market's application items beyond the point and the date (MARKET.md's list): which apply to which kind, which
/// a kind requires, their MS932 lengths and the source of each code are in docs/formats.md ("Application content").
/// An item that does not apply to the kind is refused (SW110). Stored with the application and shown in the status poll.
/// </summary>
public sealed record ApplicationContent(
    [Description("申込者: who files the application.")] Applicant? Applicant = null,
    [Description("立会: the site visit the TSO's work needs (move-in: required).")] SiteVisit? SiteVisit = null,
    [Description("施工希望時刻: 1 morning (9–12), 2 afternoon (13–17), 9 any time.")][AllowedValues("1", "2", "9")] string? DesiredWorkTime = null,
    [Description("入居予定時刻 (move-in): 1 morning, 2 afternoon, 9 any time.")][AllowedValues("1", "2", "9")] string? MoveInTime = null,
    [Description("接続送電サービスメニュー: 01 従量制 (low voltage), 02 時間帯別 (low voltage), 03 定額 (low voltage), 04 臨時 (low voltage), 11 高圧, 12 高圧時間帯別, 21 特別高圧.")][AllowedValues("01", "02", "03", "04", "11", "12", "21")] string? ServiceMenu = null,
    [Description("契約決定方法: 1 契約電流 (amperes; desiredAmperes then required), 2 主開閉器契約, 3 負荷設備契約, 4 実量制.")][AllowedValues("1", "2", "3", "4")] string? ContractDecisionMethod = null,
    [Description("廃止理由 (move-out): 01 転居, 02 建物解体, 03 空家, 04 契約種別変更, 99 その他.")][AllowedValues("01", "02", "03", "04", "99")] string? MoveOutReason = null,
    [Description("建物解体有無 (move-out): true when the building is demolished (demolitionDate then required).")] bool? BuildingDemolition = null,
    [Description("解体予定日 (move-out).")] DateOnly? DemolitionDate = null,
    [Description("契約電流希望: 10, 15, 20, 30, 40, 50 or 60 A (with contract decision method 1).")][AllowedValues(10, 15, 20, 30, 40, 50, 60)] int? DesiredAmperes = null,
    [Description("託送約款遵守承諾: the retailer's consent to the TSO's wheeling terms; must be true (move-in: required).")] bool? TariffConsent = null,
    [Description("検針日の選択 (switch-in, move-in): 1 the scheduled reading day (定例検針日), 2 the date asked for.")][AllowedValues("1", "2")] string? ReadingDay = null,
    [Description("旧小売事業者コード (switch-in): the current retailer's code in the point's area.")] string? OldRetailerCode = null,
    [Description("旧小売事業者お客様番号 (switch-in): the customer's number at the current retailer, at most 21 bytes.")] string? OldCustomerNumber = null,
    [Description("設備情報変更有無 (switch-in): whether the point's facilities change with the switch.")] bool? FacilityChange = null,
    [Description("設備撤去日 (move-out with removal).")] DateOnly? RemovalDate = null,
    [Description("需要者: the new customer at the point (move-in: required).")] NewCustomer? Customer = null);

/// <summary>申込者: 申込者区分, 氏名 and 電話番号 in its three parts.</summary>
/// <param name="Kind">申込者区分: 1 需要者本人 (the customer), 2 小売電気事業者 (the retailer), 3 代理人 (an agent).</param>
/// <param name="Name">申込者氏名, at most 80 MS932 bytes.</param>
/// <param name="Phone">申込者電話番号.</param>
public sealed record Applicant([AllowedValues("1", "2", "3")] string? Kind, string? Name, PhoneParts? Phone);

/// <summary>A phone number in the market's three parts.</summary>
/// <param name="AreaCode">市外局番: 2–5 digits starting with 0.</param>
/// <param name="LocalCode">市内局番: 1–4 digits.</param>
/// <param name="Subscriber">加入者番号: 4 digits.</param>
public sealed record PhoneParts(string? AreaCode, string? LocalCode, string? Subscriber);

/// <summary>立会: whether someone can be present for the TSO's work at the site, when, and who.</summary>
/// <param name="Possible">立会可否: true when someone will be present (date, time and person then required).</param>
/// <param name="Date">立会希望日: today or later.</param>
/// <param name="Time">立会希望時刻: 1 morning (9–12), 2 afternoon (13–17), 9 any time.</param>
/// <param name="Person">立会者氏名, at most 40 MS932 bytes.</param>
/// <param name="ContactBeforeVisit">出向前連絡要否: whether the TSO calls the applicant before coming.</param>
public sealed record SiteVisit(bool? Possible, DateOnly? Date, [AllowedValues("1", "2", "9")] string? Time, string? Person, bool? ContactBeforeVisit = null);

/// <summary>需要者: the customer at the point, as a move-in names them.</summary>
/// <param name="Name">漢字氏名, at most 80 MS932 bytes (required).</param>
/// <param name="NameKana">カナ氏名, full-width katakana, at most 80 bytes.</param>
/// <param name="PostalCode">郵便番号, NNN-NNNN.</param>
/// <param name="Address">住所, at most 400 bytes (required).</param>
/// <param name="Building">建物名, at most 100 bytes.</param>
/// <param name="Phone">電話番号.</param>
public sealed record NewCustomer(string? Name, string? NameKana, string? PostalCode, string? Address, string? Building, PhoneParts? Phone);
