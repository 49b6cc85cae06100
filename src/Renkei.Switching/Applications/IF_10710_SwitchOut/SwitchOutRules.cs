using System.Globalization;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10710_SwitchOut;

/// <summary>The switch-out rules, in the order they are reported.</summary>
internal static class SwitchOutRules
{
    public static readonly IReadOnlyList<IRule<SwitchOutCheck>> All =
    [
        new SupplyPointIdFormatRule(),
        new AreaServedRule(),
        new CurrentRetailerRule(),
        new SwitchOutDateRule(),
        new CompetingSwitchOutRule(),
        .. EnvelopeRules.All,
        .. ContentRules.All,
        .. CharacterRules.All,
    ];
}

/// <summary>SW012: a switch-out date is given, not in the past, and after the contract's start.</summary>
internal sealed class SwitchOutDateRule : IRule<SwitchOutCheck>
{
    public const string ErrorCode = "SW012";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(SwitchOutCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Request.SwitchDate is not { } date)
        {
            yield return new RuleViolation(Code, "switchDate", "switchDate is required (the day the contract ends)", "接続廃止予定日を指定してください");
            yield break;
        }

        if (date < check.Today)
        {
            yield return new RuleViolation(
                Code,
                "switchDate",
                string.Create(CultureInfo.InvariantCulture, $"switch-out date {date:yyyy-MM-dd} is in the past; a switch-out is never back-dated"),
                "接続廃止予定日に過去日は指定できません");
        }
        else if (check.Facts.OpenContract is { } open && open.RetailerCode == check.Caller && date <= open.StartDate)
        {
            yield return new RuleViolation(Code, "switchDate", "the switch-out date is not after the contract's start", "接続廃止予定日は契約開始日より後にしてください");
        }
    }
}

/// <summary>SW013: no other switch-out for the point is in progress.</summary>
internal sealed class CompetingSwitchOutRule : IRule<SwitchOutCheck>
{
    public const string ErrorCode = "SW013";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(SwitchOutCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var other in check.Facts.OpenApplications)
        {
            if (other.Kind == ApplicationKinds.SwitchOut)
            {
                yield return new RuleViolation(Code, "supplyPointId", $"switch-out {other.Number} for this point is already in progress", "この地点には処理中のスイッチング廃止申込があります");
                yield break;
            }
        }
    }
}
