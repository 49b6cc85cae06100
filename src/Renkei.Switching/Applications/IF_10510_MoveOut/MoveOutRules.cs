using System.Globalization;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10510_MoveOut;

/// <summary>What the move-out rules look at.</summary>
internal sealed class MoveOutCheck : PointCheck, ITextItems, IContentCheck, IEnvelopeCheck
{
    public string Kind => ApplicationKinds.MoveOut;

    public ApplicationContent? Content => Request.Content;

    public RequestEnvelope? Envelope => Request.Envelope;

    public bool? RemovesFacilities => Request.RemoveFacilities;

    public required MoveOutRequest Request { get; init; }

    public IEnumerable<TextItem> TextItems => ContentItems.Of(Request.Content);
}

/// <summary>The move-out rules, in the order they are reported.</summary>
internal static class MoveOutRules
{
    public static readonly IReadOnlyList<IRule<MoveOutCheck>> All =
    [
        new SupplyPointIdFormatRule(),
        new AreaServedRule(),
        new CurrentRetailerRule(),
        new NoSwitchInProgressRule(),
        new MoveOutDateRule(),
        .. EnvelopeRules.All,
        .. ContentRules.All,
        .. CharacterRules.All,
    ];
}

/// <summary>SW016: no switch or 廃止取次 is in progress for the point (end it through the switch-out instead).</summary>
internal sealed class NoSwitchInProgressRule : IRule<PointCheck>
{
    public const string ErrorCode = "SW016";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(PointCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Facts.OpenApplications.Count > 0 || check.Facts.OpenRelays.Count > 0)
        {
            yield return new RuleViolation(Code, "supplyPointId", "an application or 廃止取次 for this point is in progress", "この地点には処理中の申込または廃止取次があります");
        }
    }
}

/// <summary>SW017: the end date is given, never in the past (today allowed for low voltage), after the contract's start.</summary>
internal sealed class MoveOutDateRule : IRule<MoveOutCheck>
{
    public const string ErrorCode = "SW017";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(MoveOutCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Request.EndDate is not { } date)
        {
            yield return new RuleViolation(Code, "endDate", "endDate is required", "接続廃止予定日は必須です");
            yield break;
        }

        var earliest = check.Facts.Point is { VoltageClass: not VoltageClasses.Low } ? check.Today.AddDays(1) : check.Today;
        if (date < earliest)
        {
            yield return new RuleViolation(Code, "endDate", string.Create(CultureInfo.InvariantCulture, $"end date {date:yyyy-MM-dd} is before {earliest:yyyy-MM-dd}; a move-out is never back-dated"), "廃止日に過去日は指定できません");
        }
        else if (check.Facts.OpenContract is { } open && date <= open.StartDate)
        {
            yield return new RuleViolation(Code, "endDate", "the end date is not after the contract's start", "廃止日は契約開始日より後にしてください");
        }
    }
}
