using System.Globalization;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.Validation;

namespace Renkei.Switching.Applications.IS_20110_CancellationRelay;

/// <summary>The 廃止取次 registration rules, in the order they are reported.</summary>
internal static class RelayRegistrationRules
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

/// <summary>SW021: the identity items the current retailer checks are all given, within their lengths, and the wished date.</summary>
internal sealed class RelayRequiredFieldsRule : RequiredTextRule<RelayRegistrationCheck>
{
    public const string ErrorCode = "SW021";

    public override string Code => ErrorCode;

    protected override IEnumerable<(string Field, string? Value, int Max, string NameJa, bool Required)> Items(RelayRegistrationCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        yield return ("contractNumber", check.Request.ContractNumber, 21, "契約番号", true);
        yield return ("holderName", check.Request.HolderName, 80, "契約名義", true);
        yield return ("address", check.Request.Address, 400, "需要場所住所", true);
        yield return ("wishedDate", check.Request.WishedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 10, "廃止希望日", true);
    }
}

/// <summary>SW022: the wished date respects the standard processing period and is within the calendar.</summary>
internal sealed class RelayWishedDateRule : EarliestDateRule<RelayRegistrationCheck>
{
    public const string ErrorCode = "SW022";

    public override string Code => ErrorCode;

    protected override string Field => "wishedDate";

    protected override string Name => "wished date";

    protected override string NameJa => "廃止希望日";

    protected override (DateOnly? Asked, DateOnly? Earliest, bool OutsideCalendar) Dates(RelayRegistrationCheck check) =>
        (check.Request.WishedDate, check.Earliest, check.DateOutsideCalendar);
}
