using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IS_20410_RelayDecision;

/// <summary>What the decision rules look at.</summary>
internal sealed record RelayDecisionCheck(CancellationRelay Relay, RelayDecisionRequest Request);

/// <summary>The decision rules, in the order they are reported.</summary>
internal static class RelayDecisionRules
{
    public const string Ok = "01";
    public const string Ng = "02";

    public static readonly IReadOnlyList<IRule<RelayDecisionCheck>> All = [new RelayAwaitingDecisionRule(), new DecisionFormRule()];
}

/// <summary>SW031: only a relay awaiting a decision can be decided.</summary>
internal sealed class RelayAwaitingDecisionRule : IRule<RelayDecisionCheck>
{
    public const string ErrorCode = "SW031";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(RelayDecisionCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Relay.Status != RelayStatus.AwaitingDecision)
        {
            yield return new RuleViolation(Code, "decision", $"廃止取次 {check.Relay.Number} is {RelayStatus.NameOf(check.Relay.Status)} ({check.Relay.Status}), not awaiting a decision", "この廃止取次は判定待ちではありません");
        }
    }
}

/// <summary>SW032: the decision is 01 (OK, no reasons) or 02 (NG with one or more reasons 1–9).</summary>
internal sealed class DecisionFormRule : IRule<RelayDecisionCheck>
{
    public const string ErrorCode = "SW032";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(RelayDecisionCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var reasons = check.Request.NgReasons ?? [];
        switch (check.Request.Decision)
        {
            case RelayDecisionRules.Ok when reasons.Count > 0:
                yield return new RuleViolation(Code, "ngReasons", "an OK decision carries no NG reasons", "OK判定に不可理由は指定できません");
                break;
            case RelayDecisionRules.Ok:
                break;
            case RelayDecisionRules.Ng when reasons.Count == 0:
                yield return new RuleViolation(Code, "ngReasons", "an NG decision needs at least one reason (1–9)", "NG判定には不可理由（1〜9）を指定してください");
                break;
            case RelayDecisionRules.Ng:
                foreach (var reason in reasons)
                {
                    if (!RelayNgReasons.IsDefined(reason))
                    {
                        yield return new RuleViolation(Code, "ngReasons", $"NG reason {reason} is not one of 1–9", "不可理由は1〜9です");
                    }
                }

                break;
            default:
                yield return new RuleViolation(Code, "decision", $"decision '{check.Request.Decision}' must be 01 (OK) or 02 (NG)", "判定は01（OK）または02（NG）です");
                break;
        }
    }
}
