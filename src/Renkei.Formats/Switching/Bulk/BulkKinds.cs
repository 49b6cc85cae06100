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

    /// <summary>スイッチング開始 (IF_10610).</summary>
    public static readonly BulkKind<SwitchInRequest> SwitchIns = new("switch-ins", "IF_10610", "申込番号", "接続開始予定日",
    [
        Point,
        new("switch_date", "接続開始予定日", "switchDate", BulkValue.Date),
        new("relay_number", "廃止取次番号", "relayNumber", BulkValue.Text),
    ]);

    /// <summary>スイッチング廃止 (IF_10710).</summary>
    public static readonly BulkKind<SwitchOutRequest> SwitchOuts = new("switch-outs", "IF_10710", "申込番号", "接続廃止予定日",
    [
        Point,
        new("switch_date", "接続廃止予定日", "switchDate", BulkValue.Date, Required: true),
        new("customer_number", "お客様番号", "customerNumber", BulkValue.Text),
    ]);

    /// <summary>再点 (IF_10410).</summary>
    public static readonly BulkKind<MoveInRequest> MoveIns = new("move-ins", "IF_10410", "申込番号", "接続開始予定日",
    [
        Point,
        new("start_date", "接続開始予定日", "startDate", BulkValue.Date, Required: true),
    ]);

    /// <summary>廃止・撤去 (IF_10510).</summary>
    public static readonly BulkKind<MoveOutRequest> MoveOuts = new("move-outs", "IF_10510", "申込番号", "接続廃止予定日",
    [
        Point,
        new("end_date", "接続廃止予定日", "endDate", BulkValue.Date, Required: true),
        new("remove_facilities", "設備撤去有無", "removeFacilities", BulkValue.Flag),
    ]);

    /// <summary>アンペア変更 (IF_10910).</summary>
    public static readonly BulkKind<AmpereChangeRequest> AmpereChanges = new("ampere-changes", "IF_10910", "申込番号", "契約変更予定年月日",
    [
        Point,
        new("amperes", "契約電流希望", "amperes", BulkValue.Number, Required: true),
        new("change_date", "契約変更予定年月日", "changeDate", BulkValue.Date),
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
