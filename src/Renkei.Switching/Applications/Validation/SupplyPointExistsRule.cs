namespace Renkei.Switching.Applications.Validation;

/// <summary>SW002: the supply point exists.</summary>
internal sealed class SupplyPointExistsRule : IRule<PointCheck>
{
    public const string ErrorCode = "SW002";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(PointCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.PointId is not null && check.Facts.Point is null)
        {
            yield return new RuleViolation(Code, "supplyPointId", $"supply point {check.PointId} does not exist", "供給地点が存在しません");
        }
    }
}
