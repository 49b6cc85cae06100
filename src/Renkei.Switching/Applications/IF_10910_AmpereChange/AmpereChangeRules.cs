using System.Globalization;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10910_AmpereChange;

/// <summary>What the ampere-change rules look at.</summary>
internal sealed class AmpereChangeCheck : PointCheck, ITextItems, IContentCheck, IEnvelopeCheck
{
    public string Kind => ApplicationKinds.AmpereChange;

    public ApplicationContent? Content => Request.Content;

    public RequestEnvelope? Envelope => Request.Envelope;

    public required AmpereChangeRequest Request { get; init; }

    public IEnumerable<TextItem> TextItems => ContentItems.Of(Request.Content);
}

/// <summary>The ampere-change rules, in the order they are reported.</summary>
internal static class AmpereChangeRules
{
    public static readonly IReadOnlyList<IRule<AmpereChangeCheck>> All =
    [
        new SupplyPointIdFormatRule(),
        new AreaServedRule(),
        new CurrentRetailerRule(),
        new AmpereValueRule(),
        new ScheduledAmpereChangeRule(),
        .. EnvelopeRules.All,
        .. ContentRules.All,
        .. CharacterRules.All,
    ];

    /// <summary>SW020: on the change date the retailer no longer supplies the point; the scheduled change is rejected.</summary>
    public const string NotSupplierOnDateCode = "SW020";
}

/// <summary>SW024: at most one ampere change is scheduled for a point at a time (withdraw it to change it).</summary>
internal sealed class ScheduledAmpereChangeRule : IRule<AmpereChangeCheck>
{
    public const string ErrorCode = "SW024";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(AmpereChangeCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var other in check.Facts.OpenApplications)
        {
            if (other.Kind == ApplicationKinds.AmpereChange)
            {
                yield return new RuleViolation(
                    Code,
                    "changeDate",
                    string.Create(CultureInfo.InvariantCulture, $"ampere change {other.Number} to {other.Amperes} A is already scheduled for {other.SwitchDate:yyyy-MM-dd}; withdraw it first"),
                    "この地点には予定済みのアンペア変更があります（先に取下げてください）");
                yield break;
            }
        }
    }
}

/// <summary>SW018: a low-voltage point, a standard current (10–60 A), a change date not in the past.</summary>
internal sealed class AmpereValueRule : IRule<AmpereChangeCheck>
{
    public const string ErrorCode = "SW018";

    /// <summary>The standard contract currents (the TSO node checks an ampere order against them too).</summary>
    public static IReadOnlyList<int> Standard => ContractCurrents.Standard;

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(AmpereChangeCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Facts.Point is { VoltageClass: not VoltageClasses.Low })
        {
            yield return new RuleViolation(Code, "supplyPointId", "an ampere change is for low-voltage points only", "アンペア変更は低圧の地点のみです");
        }

        if (check.Request.Amperes is not { } a || !Standard.Contains(a))
        {
            yield return new RuleViolation(Code, "amperes", $"amperes must be one of {string.Join(", ", Standard)}", "契約電流は10, 15, 20, 30, 40, 50, 60Aのいずれかです");
        }

        if (check.Request.ChangeDate is not { } date || date < check.Today)
        {
            yield return new RuleViolation(Code, "changeDate", string.Create(CultureInfo.InvariantCulture, $"changeDate is required and not before {check.Today:yyyy-MM-dd}"), "契約変更予定年月日は本日以降を指定してください");
        }
    }
}
