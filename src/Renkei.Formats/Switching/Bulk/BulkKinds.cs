using Renkei.Formats.Api.Switching;

namespace Renkei.Formats.Switching.Bulk;

/// <summary>
/// 一括申請: the column mapping of every kind's bulk file, one home for the format (docs/formats.md). A column is one
/// line: its name, the market's item name, the request property it fills, its form; the request record itself
/// decides what the property is (the row becomes the request as its JSON would).
/// </summary>
public static class BulkKinds
{
    private static readonly BulkColumn Point = new("supply_point_id", "地点特定番号", "supplyPointId", BulkValue.Text, Required: true);

    // The market's items of ApplicationContent (docs/formats.md, "Application content"), as dotted paths into the request.
    private static readonly BulkColumn ApplicantKind = new("applicant_kind", "申込者区分", "content.applicant.kind", BulkValue.Text);
    private static readonly BulkColumn ApplicantName = new("applicant_name", "申込者氏名", "content.applicant.name", BulkValue.Text);
    private static readonly BulkColumn TariffConsent = new("tariff_consent", "託送約款遵守承諾", "content.tariffConsent", BulkValue.Flag);
    private static readonly BulkColumn ReadingDay = new("reading_day", "検針日の選択", "content.readingDay", BulkValue.Text);
    private static readonly BulkColumn DesiredWorkTime = new("desired_work_time", "施工希望時刻", "content.desiredWorkTime", BulkValue.Text);

    // The market's request envelope (docs/formats.md, "The request envelope"): a bulk file is a batch of new
    // applications, so 更新フラグ is 1 where given (2 and 3 are refused per row, SW122).
    private static readonly BulkColumn ApplicationKind = new("application_kind", "申込種別", "envelope.applicationKind", BulkValue.Text);
    private static readonly BulkColumn UpdateFlag = new("update_flag", "更新フラグ", "envelope.updateFlag", BulkValue.Text);

    /// <summary>スイッチング開始 (IF_10610).</summary>
    public static readonly BulkKind<SwitchInRequest> SwitchIns = new("switch-ins", "IF_10610", "申込番号", "接続開始予定日",
    [
        Point,
        new("switch_date", "接続開始予定日", "switchDate", BulkValue.Date),
        new("relay_number", "廃止取次番号", "relayNumber", BulkValue.Text),
        new("old_retailer_code", "旧小売事業者コード", "content.oldRetailerCode", BulkValue.Text),
        new("old_customer_number", "旧小売事業者お客様番号", "content.oldCustomerNumber", BulkValue.Text),
        ReadingDay,
        TariffConsent,
        ApplicantKind,
        ApplicantName,
        ApplicationKind,
        UpdateFlag,
    ]);

    /// <summary>スイッチング廃止 (IF_10710).</summary>
    public static readonly BulkKind<SwitchOutRequest> SwitchOuts = new("switch-outs", "IF_10710", "申込番号", "接続廃止予定日",
    [
        Point,
        new("switch_date", "接続廃止予定日", "switchDate", BulkValue.Date, Required: true),
        new("customer_number", "お客様番号", "customerNumber", BulkValue.Text),
        ApplicationKind,
        UpdateFlag,
    ]);

    /// <summary>再点 (IF_10410).</summary>
    public static readonly BulkKind<MoveInRequest> MoveIns = new("move-ins", "IF_10410", "申込番号", "接続開始予定日",
    [
        Point,
        new("start_date", "接続開始予定日", "startDate", BulkValue.Date, Required: true),
        new("site_visit_possible", "立会可否", "content.siteVisit.possible", BulkValue.Flag),
        new("site_visit_date", "立会希望日", "content.siteVisit.date", BulkValue.Date),
        new("site_visit_time", "立会希望時刻", "content.siteVisit.time", BulkValue.Text),
        new("site_visit_person", "立会者氏名", "content.siteVisit.person", BulkValue.Text),
        new("move_in_time", "入居予定時刻", "content.moveInTime", BulkValue.Text),
        new("service_menu", "接続送電サービスメニュー", "content.serviceMenu", BulkValue.Text),
        new("contract_decision_method", "契約決定方法", "content.contractDecisionMethod", BulkValue.Text),
        new("desired_amperes", "契約電流希望", "content.desiredAmperes", BulkValue.Number),
        TariffConsent,
        ReadingDay,
        DesiredWorkTime,
        new("customer_name", "需要者漢字氏名", "content.customer.name", BulkValue.Text),
        new("customer_name_kana", "需要者カナ氏名", "content.customer.nameKana", BulkValue.Text),
        new("customer_postal_code", "需要者郵便番号", "content.customer.postalCode", BulkValue.Text),
        new("customer_address", "需要者住所", "content.customer.address", BulkValue.Text),
        new("customer_building", "需要者建物名", "content.customer.building", BulkValue.Text),
        ApplicantKind,
        ApplicantName,
        ApplicationKind,
        UpdateFlag,
    ]);

    /// <summary>廃止・撤去 (IF_10510).</summary>
    public static readonly BulkKind<MoveOutRequest> MoveOuts = new("move-outs", "IF_10510", "申込番号", "接続廃止予定日",
    [
        Point,
        new("end_date", "接続廃止予定日", "endDate", BulkValue.Date, Required: true),
        new("remove_facilities", "設備撤去有無", "removeFacilities", BulkValue.Flag),
        new("move_out_reason", "廃止理由", "content.moveOutReason", BulkValue.Text),
        new("building_demolition", "建物解体有無", "content.buildingDemolition", BulkValue.Flag),
        new("demolition_date", "解体予定日", "content.demolitionDate", BulkValue.Date),
        new("removal_date", "設備撤去日", "content.removalDate", BulkValue.Date),
        DesiredWorkTime,
        ApplicantKind,
        ApplicantName,
        ApplicationKind,
        UpdateFlag,
    ]);

    /// <summary>アンペア変更 (IF_10910).</summary>
    public static readonly BulkKind<AmpereChangeRequest> AmpereChanges = new("ampere-changes", "IF_10910", "申込番号", "契約変更予定年月日",
    [
        Point,
        new("amperes", "契約電流希望", "amperes", BulkValue.Number, Required: true),
        new("change_date", "契約変更予定年月日", "changeDate", BulkValue.Date),
        ApplicationKind,
        UpdateFlag,
    ]);

    /// <summary>需要者情報変更 (IF_10810).</summary>
    public static readonly BulkKind<CustomerDetailsRequest> CustomerDetails = new("customer-details", "IF_10810", "申込番号", null,
    [
        Point,
        new("customer_number", "お客様番号", "customerNumber", BulkValue.Text, Required: true),
        new("name", "漢字氏名", "name", BulkValue.Text),
        new("name_kana", "カナ氏名", "nameKana", BulkValue.Text),
        new("address", "住所", "address", BulkValue.Text),
        new("phone", "電話番号", "phone", BulkValue.Text),
        ApplicationKind,
        UpdateFlag,
    ]);

    /// <summary>廃止取次登録 (IS_20110).</summary>
    public static readonly BulkKind<RelayRegistrationRequest> CancellationRelays = new("cancellation-relays", "IS_20110", "廃止取次番号", "廃止年月日",
    [
        Point,
        new("contract_number", "契約番号", "contractNumber", BulkValue.Text, Required: true),
        new("holder_name", "氏名", "holderName", BulkValue.Text, Required: true),
        new("holder_name_kana", "氏名カナ", "holderNameKana", BulkValue.Text),
        new("address", "住所", "address", BulkValue.Text, Required: true),
        new("wished_date", "廃止年月日", "wishedDate", BulkValue.Date, Required: true),
        new("contact", "新小売担当者", "contact", BulkValue.Text),
        new("phone", "新小売担当者電話番号", "phone", BulkValue.Text),
    ]);

    /// <summary>Every kind, in the order the screens list them.</summary>
    public static IReadOnlyList<BulkKind> All { get; } = [SwitchIns, SwitchOuts, MoveIns, MoveOuts, AmpereChanges, CustomerDetails, CancellationRelays];

    /// <summary>The kind named <paramref name="name"/> (its route segment, e.g. <c>switch-ins</c>), or null.</summary>
    public static BulkKind? Find(string? name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));
}
