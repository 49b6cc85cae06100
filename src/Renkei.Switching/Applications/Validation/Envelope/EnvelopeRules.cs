namespace Renkei.Switching.Applications.Validation.Envelope;

/// <summary>
/// The rules of the market's request envelope (SW120–SW122), run on every kind that takes one. The API maps an
/// envelope with 更新フラグ 2 or 3 onto the application's correction or withdrawal before its kind's rules run
/// (<see cref="ForMapping"/>), so a kind's own rules see 更新フラグ 1 (or none).
/// </summary>
internal static class EnvelopeRules
{
    public static readonly IReadOnlyList<IRule<IEnvelopeCheck>> All =
    [
        new EnvelopeCodeRule(),
        new EnvelopeKindRule(),
        new EnvelopeNewRule(),
    ];

    /// <summary>The rules an envelope with 更新フラグ 2 or 3 is checked by before it is mapped onto the application's correction or withdrawal.</summary>
    public static List<RuleViolation> ForMapping(string routeKind, RequestEnvelope envelope, bool? removesFacilities)
    {
        var check = new MappedEnvelope(routeKind, envelope, removesFacilities);
        return [.. new EnvelopeCodeRule().Check(check), .. new EnvelopeKindRule().Check(check)];
    }

    /// <summary>Every envelope rule on a route that takes no correction or withdrawal of its own (IF_10210's usage information).</summary>
    public static List<RuleViolation> Evaluate(string routeKind, RequestEnvelope? envelope)
    {
        var check = new MappedEnvelope(routeKind, envelope, null);
        return [.. All.SelectMany(r => r.Check(check))];
    }

    /// <summary>SW121 for a correction or withdrawal whose application is of another kind than the route (and the envelope's 申込種別).</summary>
    public static RuleViolation ApplicationOfAnotherKind(string number, string applicationKind, string routeKind, string? code) => new(
        EnvelopeKindRule.ErrorCode,
        "envelope.applicationNumber",
        $"application {number} is {EnvelopeKinds.KindName(applicationKind)}, but this route is {EnvelopeKinds.KindName(routeKind)}" + (code is null ? string.Empty : $" (申込種別 {code})"),
        $"申込番号 {number} は{EnvelopeKinds.KindNameJa(applicationKind)}です。この申込は{EnvelopeKinds.KindNameJa(routeKind)}" + (code is null ? string.Empty : $"（申込種別 {code}）") + "です");

    private sealed record MappedEnvelope(string Kind, RequestEnvelope? Envelope, bool? RemovesFacilities) : IEnvelopeCheck;
}

/// <summary>
/// SW120: the envelope's codes are the market's: 申込種別 one of MARKET.md's codes, 更新フラグ 1, 2 or 3, and the
/// 申込番号 given exactly with a correction (2) or a withdrawal (3).
/// </summary>
internal sealed class EnvelopeCodeRule : IRule<IEnvelopeCheck>
{
    public const string ErrorCode = "SW120";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(IEnvelopeCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Envelope is not { } envelope)
        {
            yield break;
        }

        if (envelope.ApplicationKind is { } code && EnvelopeKinds.Find(code) is null)
        {
            yield return new RuleViolation(
                Code,
                "envelope.applicationKind",
                $"申込種別 '{Renkei.Formats.Text.Echo.Prefix(code)}' is not one of the market's codes (01–08 low voltage, 12–17 FIT generation)",
                "申込種別が正しくありません（低圧 01〜08、FIT発電 12〜17）");
        }

        var flag = envelope.UpdateFlag ?? EnvelopeKinds.New;
        if (flag is not (EnvelopeKinds.New or EnvelopeKinds.Correction or EnvelopeKinds.Withdrawal))
        {
            yield return new RuleViolation(
                Code,
                "envelope.updateFlag",
                $"更新フラグ '{Renkei.Formats.Text.Echo.Prefix(flag)}' is not 1 (new), 2 (correction) or 3 (withdrawal)",
                "更新フラグは 1（新規）、2（訂正）、3（取下げ）のいずれかです");
        }
        else if (flag == EnvelopeKinds.New && !string.IsNullOrEmpty(envelope.ApplicationNumber))
        {
            yield return new RuleViolation(
                Code,
                "envelope.applicationNumber",
                "a new application (更新フラグ 1) has no 申込番号 yet: the hub gives it one; give applicationNumber only with 2 (correction) or 3 (withdrawal)",
                "新規申込（更新フラグ 1）には申込番号を指定できません");
        }
        else if (flag != EnvelopeKinds.New && string.IsNullOrWhiteSpace(envelope.ApplicationNumber))
        {
            yield return new RuleViolation(
                Code,
                "envelope.applicationNumber",
                $"更新フラグ {flag} ({(flag == EnvelopeKinds.Correction ? "correction" : "withdrawal")}) names the application it concerns: applicationNumber is required",
                $"更新フラグ {flag}（{(flag == EnvelopeKinds.Correction ? "訂正" : "取下げ")}）には申込番号が必要です");
        }
    }
}

/// <summary>
/// SW121: the envelope's 申込種別 is a code of the route's kind (05 or 16 on a switch-in, ...); 廃止 (01/12) keeps the
/// facilities, so a move-out with removal under it disagrees too. Both are named: the code and the route.
/// </summary>
internal sealed class EnvelopeKindRule : IRule<IEnvelopeCheck>
{
    public const string ErrorCode = "SW121";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(IEnvelopeCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Envelope?.ApplicationKind is not { } code || EnvelopeKinds.Find(code) is not { } kind)
        {
            yield break;
        }

        if (kind.Kind != check.Kind)
        {
            yield return new RuleViolation(
                Code,
                "envelope.applicationKind",
                $"申込種別 {code} ({kind.NameJa}) is {EnvelopeKinds.KindName(kind.Kind)}, but this route is {EnvelopeKinds.KindName(check.Kind)}, which takes 申込種別 {EnvelopeKinds.CodesOf(check.Kind)}",
                $"申込種別 {code}（{kind.NameJa}）は{EnvelopeKinds.KindNameJa(kind.Kind)}です。この申込は{EnvelopeKinds.KindNameJa(check.Kind)}（申込種別 {EnvelopeKinds.CodesOf(check.Kind)}）です");
        }
        else if (kind.Removal is { } removal && check.RemovesFacilities is { } removes && removal != removes)
        {
            yield return new RuleViolation(
                Code,
                "envelope.applicationKind",
                $"申込種別 {code} ({kind.NameJa}) keeps the facilities, but removeFacilities is true: a move-out with removal is 申込種別 02 (13 for FIT generation)",
                $"申込種別 {code}（{kind.NameJa}）は設備を撤去しません。撤去する場合は申込種別 02（FIT発電は 13）で申し込んでください");
        }
    }
}

/// <summary>
/// SW122: a kind's own route stores new applications; a correction or withdrawal (更新フラグ 2/3) is answered one
/// application at a time on the API, which maps it onto the application's correction or withdrawal. Reached by a
/// bulk file's row (a bulk file is a batch of new applications).
/// </summary>
internal sealed class EnvelopeNewRule : IRule<IEnvelopeCheck>
{
    public const string ErrorCode = "SW122";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(IEnvelopeCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Envelope?.UpdateFlag is EnvelopeKinds.Correction or EnvelopeKinds.Withdrawal)
        {
            yield return new RuleViolation(
                Code,
                "envelope.updateFlag",
                $"更新フラグ {check.Envelope.UpdateFlag} is sent one application at a time (POST the envelope to the kind's route); here only new applications (1) are taken",
                "訂正・取下げ（更新フラグ 2・3）は一件ずつ申し込んでください（一括申請は新規のみ）");
        }
    }
}
