using System.Globalization;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10410_MoveIn;

/// <summary>What the move-in rules look at.</summary>
internal sealed class MoveInCheck : PointCheck, ITextItems, IContentCheck, IEnvelopeCheck
{
    public string Kind => ApplicationKinds.MoveIn;

    public ApplicationContent? Content => Request.Content;

    public RequestEnvelope? Envelope => Request.Envelope;

    public required MoveInRequest Request { get; init; }

    public IEnumerable<TextItem> TextItems => ContentItems.Of(Request.Content);

    /// <summary>The end of the point's last contract, if it had one.</summary>
    public DateOnly? LastEnd { get; init; }
}

/// <summary>The move-in rules, in the order they are reported.</summary>
internal static class MoveInRules
{
    /// <summary>How far a move-in may be back-dated.</summary>
    public const int MaxBackDays = 31;

    public static readonly IReadOnlyList<IRule<MoveInCheck>> All =
    [
        new SupplyPointIdFormatRule(),
        new AreaServedRule(),
        new SupplyPointExistsRule(),
        new VacantPointRule(),
        new CompetingApplicationRule(),
        new MoveInDateRule(),
        .. EnvelopeRules.All,
        .. ContentRules.All,
        .. CharacterRules.All,
    ];
}

/// <summary>SW014: a move-in is for a point without a current contract; a supplied point takes a switch-in.</summary>
internal sealed class VacantPointRule : IRule<PointCheck>
{
    public const string ErrorCode = "SW014";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(PointCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Facts.OpenContract is not null)
        {
            yield return new RuleViolation(Code, "supplyPointId", "the supply point has a current contract; apply for a switch-in (IF_10610) instead", "託送契約中の地点です（スイッチング開始申込をしてください）");
        }
    }
}

/// <summary>SW015: the start date is given, at most 31 days back, within 60 days ahead, and after the last contract ended.</summary>
internal sealed class MoveInDateRule : IRule<MoveInCheck>
{
    public const string ErrorCode = "SW015";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(MoveInCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Request.StartDate is not { } date)
        {
            yield return new RuleViolation(Code, "startDate", "startDate is required", "接続開始予定日は必須です");
            yield break;
        }

        if (date < check.Today.AddDays(-MoveInRules.MaxBackDays))
        {
            yield return new RuleViolation(Code, "startDate", string.Create(CultureInfo.InvariantCulture, $"start date {date:yyyy-MM-dd} is more than {MoveInRules.MaxBackDays} days back"), "再点は31日前まで遡及できます");
        }
        else if (date > check.Today.AddDays(60))
        {
            yield return new RuleViolation(Code, "startDate", string.Create(CultureInfo.InvariantCulture, $"start date {date:yyyy-MM-dd} is more than 60 days ahead"), "接続開始予定日は60日以内にしてください");
        }
        else if (check.LastEnd is { } end && date < end)
        {
            yield return new RuleViolation(Code, "startDate", string.Create(CultureInfo.InvariantCulture, $"start date {date:yyyy-MM-dd} is before the last contract's end {end:yyyy-MM-dd}"), "前の契約の終了日より前は指定できません");
        }
    }
}
