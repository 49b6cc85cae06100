using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IS_20110_CancellationRelay;

/// <summary>The rules of withdrawing a 廃止取次 (更新フラグ 3 on IS_20110) by its new retailer.</summary>
internal static class RelayWithdrawalRules
{
    public static readonly IReadOnlyList<IRule<CancellationRelay>> All = [new RelayOpenRule()];
}

/// <summary>
/// SW046: a 廃止取次 can be withdrawn while it awaits the decision or is decided OK but not yet matched; after
/// matching it is locked (only the TSO can change it), and a decided-NG or expired one is already final.
/// </summary>
internal sealed class RelayOpenRule : IRule<CancellationRelay>
{
    public const string ErrorCode = "SW046";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(CancellationRelay check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!RelayStatus.IsOpen(check.Status))
        {
            yield return new RuleViolation(
                Code,
                "number",
                $"廃止取次 {check.Number} is {RelayStatus.NameOf(check.Status)} ({check.Status}); only one awaiting a decision or decided OK and not yet matched can be withdrawn",
                "マッチング前の廃止取次のみ取下げできます");
        }
    }
}
