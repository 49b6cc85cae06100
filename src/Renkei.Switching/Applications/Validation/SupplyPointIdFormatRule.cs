namespace Renkei.Switching.Applications.Validation;

/// <summary>SW001: the supply point ID is 22 digits with a known area.</summary>
internal sealed class SupplyPointIdFormatRule : IRule<PointCheck>
{
    public const string ErrorCode = "SW001";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(PointCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.PointIdError is { } error)
        {
            yield return new RuleViolation(Code, "supplyPointId", error, "供給地点特定番号は22桁の数字で、先頭2桁は01〜10のエリアコードです");
        }
    }
}
