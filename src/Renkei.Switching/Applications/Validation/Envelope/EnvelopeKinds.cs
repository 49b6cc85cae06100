using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.Validation.Envelope;

/// <summary>One 申込種別 code: the route (application kind) it is submitted to, whether it is a FIT generation code, and for a move-out whether it removes the facilities (null: either).</summary>
internal sealed record EnvelopeKind(string Code, string Kind, bool Generation, bool? Removal, string NameJa);

/// <summary>
/// 申込種別 as the market's clients code it (MARKET.md, "Application kinds"), low voltage and FIT generation, mapped
/// onto the hub's routes. 廃止 (01/12) is a move-out that keeps the facilities; 廃止・撤去 (02/13) is a move-out with
/// removal, and high voltage files every move-out as 02, so 02 takes either.
/// </summary>
internal static class EnvelopeKinds
{
    public const string New = "1";
    public const string Correction = "2";
    public const string Withdrawal = "3";

    public static readonly IReadOnlyList<EnvelopeKind> All =
    [
        new("01", ApplicationKinds.MoveOut, false, false, "廃止"),
        new("02", ApplicationKinds.MoveOut, false, null, "廃止・撤去"),
        new("03", ApplicationKinds.SwitchOut, false, null, "スイッチング廃止"),
        new("04", ApplicationKinds.MoveIn, false, null, "再点"),
        new("05", ApplicationKinds.SwitchIn, false, null, "スイッチング開始"),
        new("06", ApplicationKinds.AmpereChange, false, null, "アンペア変更"),
        new("07", ApplicationKinds.CustomerDetails, false, null, "需要者情報変更"),
        new("08", ApplicationKinds.UsageInformation, false, null, "使用量情報照会申請"),
        new("12", ApplicationKinds.MoveOut, true, false, "廃止（FIT発電）"),
        new("13", ApplicationKinds.MoveOut, true, null, "廃止・撤去（FIT発電）"),
        new("14", ApplicationKinds.SwitchOut, true, null, "スイッチング廃止（FIT発電）"),
        new("15", ApplicationKinds.MoveIn, true, null, "再点（FIT発電）"),
        new("16", ApplicationKinds.SwitchIn, true, null, "スイッチング開始（FIT発電）"),
        new("17", ApplicationKinds.CustomerDetails, true, null, "需要者情報変更（FIT発電）"),
    ];

    /// <summary>The code's entry, or null when it is not one of the market's codes.</summary>
    public static EnvelopeKind? Find(string? code) => All.FirstOrDefault(k => string.Equals(k.Code, code, StringComparison.Ordinal));

    /// <summary>The codes a route takes, for the messages (e.g. "05 or 16").</summary>
    public static string CodesOf(string kind) => string.Join(" or ", All.Where(k => k.Kind == kind).Select(k => k.Code));

    /// <summary>The kind's name in English, for the messages.</summary>
    public static string KindName(string kind) => kind == ApplicationKinds.UsageInformation ? "a usage-information application (IF_10210)" : ContentRules.KindName(kind);

    /// <summary>The kind's name in Japanese, for the messages.</summary>
    public static string KindNameJa(string kind) => kind == ApplicationKinds.UsageInformation ? "使用量情報照会申請" : ContentRules.KindNameJa(kind);
}
