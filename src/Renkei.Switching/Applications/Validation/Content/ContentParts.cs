using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.Validation.Content;

/// <summary>
/// Which of the market's items apply to which kind, and which a kind requires (MARKET.md lists the items, not which
/// kind needs which: the choice is Renkei's, in docs/formats.md).
/// </summary>
internal static class ContentParts
{
    public const string Applicant = "applicant";
    public const string SiteVisit = "siteVisit";
    public const string DesiredWorkTime = "desiredWorkTime";
    public const string MoveInTime = "moveInTime";
    public const string ServiceMenu = "serviceMenu";
    public const string ContractDecisionMethod = "contractDecisionMethod";
    public const string MoveOutReason = "moveOutReason";
    public const string BuildingDemolition = "buildingDemolition";
    public const string DemolitionDate = "demolitionDate";
    public const string DesiredAmperes = "desiredAmperes";
    public const string TariffConsent = "tariffConsent";
    public const string ReadingDay = "readingDay";
    public const string OldRetailerCode = "oldRetailerCode";
    public const string OldCustomerNumber = "oldCustomerNumber";
    public const string FacilityChange = "facilityChange";
    public const string RemovalDate = "removalDate";
    public const string Customer = "customer";

    /// <summary>The items that apply to <paramref name="kind"/>.</summary>
    public static IReadOnlySet<string> Allowed(string kind) => kind switch
    {
        ApplicationKinds.SwitchIn => Set(Applicant, TariffConsent, OldRetailerCode, OldCustomerNumber, ServiceMenu, ContractDecisionMethod, DesiredAmperes, ReadingDay, FacilityChange, SiteVisit, DesiredWorkTime),
        ApplicationKinds.MoveIn => Set(Applicant, SiteVisit, DesiredWorkTime, MoveInTime, ServiceMenu, ContractDecisionMethod, DesiredAmperes, TariffConsent, ReadingDay, Customer),
        ApplicationKinds.MoveOut => Set(Applicant, MoveOutReason, BuildingDemolition, DemolitionDate, RemovalDate, SiteVisit, DesiredWorkTime),
        ApplicationKinds.AmpereChange => Set(Applicant, SiteVisit, DesiredWorkTime),
        _ => Set(Applicant),
    };

    /// <summary>The items <paramref name="kind"/> requires (content itself required when any is).</summary>
    public static IReadOnlyList<string> Required(string kind) => kind switch
    {
        ApplicationKinds.MoveIn => [SiteVisit, MoveInTime, ServiceMenu, ContractDecisionMethod, TariffConsent, Customer],
        ApplicationKinds.MoveOut => [MoveOutReason],
        _ => [],
    };

    /// <summary>The items <paramref name="content"/> gives.</summary>
    public static IEnumerable<string> Given(ApplicationContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        (string Name, bool Given)[] items =
        [
            (Applicant, content.Applicant is not null), (SiteVisit, content.SiteVisit is not null), (DesiredWorkTime, content.DesiredWorkTime is not null),
            (MoveInTime, content.MoveInTime is not null), (ServiceMenu, content.ServiceMenu is not null), (ContractDecisionMethod, content.ContractDecisionMethod is not null),
            (MoveOutReason, content.MoveOutReason is not null), (BuildingDemolition, content.BuildingDemolition is not null), (DemolitionDate, content.DemolitionDate is not null),
            (DesiredAmperes, content.DesiredAmperes is not null), (TariffConsent, content.TariffConsent is not null), (ReadingDay, content.ReadingDay is not null),
            (OldRetailerCode, content.OldRetailerCode is not null), (OldCustomerNumber, content.OldCustomerNumber is not null), (FacilityChange, content.FacilityChange is not null),
            (RemovalDate, content.RemovalDate is not null), (Customer, content.Customer is not null),
        ];
        foreach (var (name, given) in items)
        {
            if (given)
            {
                yield return name;
            }
        }
    }

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);
}
