namespace Renkei.Switching.Model;

/// <summary>
/// The NG reasons (1–9) of a 廃止取次 decision (IS_20410). 1–3 are the public ones; 4–9 are Renkei's own
/// definitions (docs/architecture.md).
/// </summary>
public static class RelayNgReasons
{
    public static readonly IReadOnlyDictionary<int, (string En, string Ja)> All = new Dictionary<int, (string, string)>
    {
        [1] = ("supply point not found among the current retailer's contracts", "該当する供給地点の契約なし"),
        [2] = ("contract number mismatch", "契約番号不一致"),
        [3] = ("a cancellation is already in progress", "廃止手続き中"),
        [4] = ("contract holder name mismatch", "契約名義不一致"),
        [5] = ("site address mismatch", "需要場所住所不一致"),
        [6] = ("the wished date is not possible under the current contract", "希望日での廃止不可"),
        [7] = ("the customer was contacted and declines the switch", "需要者意思確認により不可"),
        [8] = ("unpaid charges must be settled first (contract terms)", "契約条件により不可"),
        [9] = ("other (see the current retailer's contact)", "その他"),
    };

    public static bool IsDefined(int code) => All.ContainsKey(code);
}
