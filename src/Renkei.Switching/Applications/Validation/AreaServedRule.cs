namespace Renkei.Switching.Applications.Validation;

/// <summary>SW007: the supply point's area is one this hub routes to a TSO.</summary>
internal sealed class AreaServedRule : IRule<PointCheck>
{
    public const string ErrorCode = "SW007";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(PointCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.PointId is { } id && !check.AreaServed)
        {
            yield return new RuleViolation(Code, "supplyPointId", $"area {id.Value[..2]} is not served by this switching hub", "この供給区域はこのスイッチング支援システムの対象外です");
        }
    }
}
