namespace Renkei.Switching.Applications.Validation;

/// <summary>
/// SW011: only the point's current retailer may end or change its contract (switch-out, move-out, customer
/// details, ampere change). A point that does not exist gets the same answer as another retailer's point, so no
/// retailer learns which points exist.
/// </summary>
internal sealed class CurrentRetailerRule : IRule<PointCheck>
{
    public const string ErrorCode = "SW011";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(PointCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.PointId is not null && check.Facts.OpenContract?.RetailerCode != check.Caller)
        {
            yield return new RuleViolation(Code, "supplyPointId", "the supply point is not among your current contracts", "自社の託送契約に該当する供給地点がありません");
        }
    }
}
