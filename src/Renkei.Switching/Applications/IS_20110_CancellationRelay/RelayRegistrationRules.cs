using System.Globalization;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.Validation;

namespace Renkei.Switching.Applications.IS_20110_CancellationRelay;

/// <summary>The 廃止取次 registration rules, in the order they are reported.</summary>
public static class RelayRegistrationRules
{
    public static readonly IReadOnlyList<IRule<RelayRegistrationCheck>> All =
    [
        new SupplyPointIdFormatRule(),
        new AreaServedRule(),
        new SupplyPointExistsRule(),
        new CurrentContractRule(),
        new AlreadySupplierRule(),
        new CompetingApplicationRule(),
        new RelayRequiredFieldsRule(),
        new RelayWishedDateRule(),
    ];
}

/// <summary>SW021: the identity items the current retailer checks are all given, within their lengths.</summary>
public sealed class RelayRequiredFieldsRule : IRule<RelayRegistrationCheck>
{
    public const string ErrorCode = "SW021";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(RelayRegistrationCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var r = check.Request;
        foreach (var (field, value, max, ja) in new (string, string?, int, string)[]
        {
            ("contractNumber", r.ContractNumber, 21, "契約番号"),
            ("holderName", r.HolderName, 80, "契約名義"),
            ("address", r.Address, 400, "需要場所住所"),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return new RuleViolation(Code, field, $"{field} is required", $"{ja}は必須です");
            }
            else if (value.Length > max)
            {
                yield return new RuleViolation(Code, field, string.Create(CultureInfo.InvariantCulture, $"{field} has {value.Length} characters; at most {max}"), string.Create(CultureInfo.InvariantCulture, $"{ja}は{max}文字以内です"));
            }
        }

        if (r.WishedDate is null)
        {
            yield return new RuleViolation(Code, "wishedDate", "wishedDate is required", "廃止希望日は必須です");
        }
    }
}

/// <summary>SW022: the wished date respects the standard processing period and is within the calendar.</summary>
public sealed class RelayWishedDateRule : IRule<RelayRegistrationCheck>
{
    public const string ErrorCode = "SW022";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(RelayRegistrationCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.DateOutsideCalendar)
        {
            yield return new RuleViolation(Code, "wishedDate", "the wished date is outside the business calendar", "廃止希望日が営業日カレンダーの範囲外です");
        }
        else if (check.Request.WishedDate is { } wished && check.Earliest is { } earliest && wished < earliest)
        {
            yield return new RuleViolation(
                Code,
                "wishedDate",
                string.Create(CultureInfo.InvariantCulture, $"wished date {wished:yyyy-MM-dd} is before {earliest:yyyy-MM-dd}, the earliest date after the standard processing period"),
                string.Create(CultureInfo.InvariantCulture, $"廃止希望日は{earliest:yyyy-MM-dd}以降を指定してください"));
        }
    }
}
