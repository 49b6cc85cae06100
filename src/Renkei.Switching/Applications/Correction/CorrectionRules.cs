using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.Correction;

/// <summary>What the correction rules look at: the returned application and the supply point the corrected body names.</summary>
internal sealed record CorrectionCheck(Application Application, string? CorrectedPointId);

/// <summary>
/// The rules of a correction (更新フラグ 2), checked before the kind's own rules, which all run again on the
/// corrected body.
/// </summary>
internal static class CorrectionRules
{
    public static readonly IReadOnlyList<IRule<CorrectionCheck>> All =
    [
        new ReturnedForCorrectionRule(),
        new SamePointRule(),
    ];

    /// <summary>The rules of returning an application (差戻し) to its retailer.</summary>
    public static readonly IReadOnlyList<IRule<Application>> Returnable = [new ReturnableRule()];
}

/// <summary>SW043: only an application returned for correction (差戻し) can be corrected.</summary>
internal sealed class ReturnedForCorrectionRule : IRule<CorrectionCheck>
{
    public const string ErrorCode = "SW043";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(CorrectionCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Application.Status != ApplicationStatus.ReturnedForCorrection)
        {
            yield return new RuleViolation(
                Code,
                "number",
                $"application {check.Application.Number} is {ApplicationStatus.NameOf(check.Application.Status)} ({check.Application.Status}); only an application returned for correction can be corrected",
                "差戻し中の申込のみ訂正できます");
        }
    }
}

/// <summary>SW044: a correction keeps the application's supply point (a different point is a new application).</summary>
internal sealed class SamePointRule : IRule<CorrectionCheck>
{
    public const string ErrorCode = "SW044";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(CorrectionCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!string.Equals(check.CorrectedPointId?.Trim(), check.Application.SupplyPointId, StringComparison.Ordinal))
        {
            yield return new RuleViolation(
                Code,
                "supplyPointId",
                $"a correction must keep the supply point {check.Application.SupplyPointId}; apply anew for another point",
                "訂正では供給地点特定番号を変更できません（新規に申込んでください）");
        }
    }
}

/// <summary>SW045: the TSO returns only an open switch-in or switch-out (the kinds that wait for a counterpart) for correction.</summary>
internal sealed class ReturnableRule : IRule<Application>
{
    public const string ErrorCode = "SW045";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(Application check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Kind is not (ApplicationKinds.SwitchIn or ApplicationKinds.SwitchOut) || !ApplicationStatus.IsOpen(check.Status))
        {
            yield return new RuleViolation(
                Code,
                "number",
                $"application {check.Number} ({check.Kind}, {ApplicationStatus.NameOf(check.Status)}) cannot be returned: only an open switch-in or switch-out can",
                "差戻しできるのは処理中のスイッチング開始・廃止申込のみです");
        }
    }
}

/// <summary>SW042: the corrected body is the application kind's request (IF_10610 or IF_10710 body).</summary>
internal static class CorrectionBody
{
    public const string ErrorCode = "SW042";

    public static RuleViolation Malformed(string kind, string why) =>
        new(ErrorCode, "body", $"the correction body is not a valid {kind} request: {why}", "訂正内容が申込種別の形式と一致しません");
}
