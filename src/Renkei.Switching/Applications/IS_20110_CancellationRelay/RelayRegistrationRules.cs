using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;

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
        .. CharacterRules.All,
    ];
}

/// <summary>SW021: the identity items the current retailer checks are all given, and the wished date (their lengths and characters: <see cref="CharacterRules"/>).</summary>
internal sealed class RelayRequiredFieldsRule : RequiredTextRule<RelayRegistrationCheck>
{
    public const string ErrorCode = "SW021";

    public override string Code => ErrorCode;
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
