using System.Globalization;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10610_SwitchIn;

/// <summary>The switch-in rules, in the order they are reported.</summary>
internal static class SwitchInRules
{
    public static readonly IReadOnlyList<IRule<SwitchInCheck>> All =
    [
        new SupplyPointIdFormatRule(),
        new AreaServedRule(),
        new SupplyPointExistsRule(),
        new CurrentContractRule(),
        new AlreadySupplierRule(),
        new CompetingApplicationRule(),
        new SwitchDateRule(),
        new RelayRule(),
        .. EnvelopeRules.All,
        .. ContentRules.All,
        .. CharacterRules.All,
    ];
}

/// <summary>SW004: a switch needs a current contract; a point without one takes a move-in (IF_10410).</summary>
internal sealed class CurrentContractRule : IRule<PointCheck>
{
    public const string ErrorCode = "SW004";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(PointCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Facts.Point is not null && check.Facts.OpenContract is null)
        {
            yield return new RuleViolation(Code, "supplyPointId", "the supply point has no current wheeling contract; apply for a move-in (IF_10410) instead", "託送契約がないためスイッチングできません（再点申込をしてください）");
        }
    }
}

/// <summary>SW003: the caller does not already supply the point.</summary>
internal sealed class AlreadySupplierRule : IRule<PointCheck>
{
    public const string ErrorCode = "SW003";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(PointCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Facts.OpenContract is { } open && open.RetailerCode == check.Caller)
        {
            yield return new RuleViolation(Code, "supplyPointId", "you already supply this point", "既に自社が供給している地点です");
        }
    }
}

/// <summary>
/// SW005: no other switch-in or 廃止取次 is in progress for the point. This is the race rule: of two
/// applications that would give the point to two retailers, the first to take the point's lock wins.
/// </summary>
internal sealed class CompetingApplicationRule : IRule<PointCheck>
{
    public const string ErrorCode = "SW005";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(PointCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var other in check.Facts.OpenApplications)
        {
            if (other.Kind == ApplicationKinds.SwitchIn)
            {
                yield return new RuleViolation(
                    Code,
                    "supplyPointId",
                    other.RetailerCode == check.Caller
                        ? $"your switch-in {other.Number} for this point is already in progress"
                        : "another retailer's switch-in for this point is already in progress",
                    "この地点には処理中のスイッチング開始申込があります");
                yield break;
            }
        }

        foreach (var relay in check.Facts.OpenRelays)
        {
            if (relay.NewRetailerCode != check.Caller)
            {
                yield return new RuleViolation(Code, "supplyPointId", "another retailer's 廃止取次 for this point is in progress", "この地点には他社の廃止取次が処理中です");
                yield break;
            }
        }
    }
}

/// <summary>SW006: the switch date respects the standard processing period, is within the calendar, and is after the current contract's start.</summary>
internal sealed class SwitchDateRule : EarliestDateRule<SwitchInCheck>
{
    public const string ErrorCode = "SW006";

    public override string Code => ErrorCode;

    protected override string Field => "switchDate";

    protected override string Name => "switch date";

    protected override string NameJa => "スイッチング日";

    protected override (DateOnly? Asked, DateOnly? Earliest, bool OutsideCalendar) Dates(SwitchInCheck check) =>
        (check.Request.SwitchDate, check.Earliest, check.DateOutsideCalendar);

    protected override IEnumerable<RuleViolation> More(SwitchInCheck check)
    {
        if (check.NoScheduledReadingDay && check.Facts.Point is { } point && check.Earliest is { } earliest)
        {
            yield return new RuleViolation(
                Code,
                "switchDate",
                string.Create(CultureInfo.InvariantCulture, $"reading schedule {point.ReadingSchedule} of area {point.Area:D2} has no reading day loaded on or after {earliest:yyyy-MM-dd}; give a switch date, or the TSO loads the schedule"),
                string.Create(CultureInfo.InvariantCulture, $"検針日程{point.ReadingSchedule}に{earliest:yyyy-MM-dd}以降の検針日が登録されていません（スイッチング日を指定してください）"));
        }

        if (check.SwitchDate is { } date && check.Facts.OpenContract is { } open && date <= open.StartDate)
        {
            yield return new RuleViolation(
                Code,
                "switchDate",
                string.Create(CultureInfo.InvariantCulture, $"switch date {date:yyyy-MM-dd} is not after the current contract's start {open.StartDate:yyyy-MM-dd}"),
                "スイッチング日は現在の託送契約の開始日より後にしてください");
        }
    }
}

/// <summary>SW008: a referenced 廃止取次 is the caller's, for this point, and still open.</summary>
internal sealed class RelayRule : IRule<SwitchInCheck>
{
    public const string ErrorCode = "SW008";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(SwitchInCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Request.RelayNumber is null)
        {
            yield break;
        }

        var relay = check.Relay;
        if (relay is null || relay.NewRetailerCode != check.Caller)
        {
            yield return new RuleViolation(Code, "relayNumber", $"廃止取次 {check.Request.RelayNumber} not found", "廃止取次番号が見つかりません");
        }
        else if (check.PointId is { } point && relay.SupplyPointId != point.Value)
        {
            yield return new RuleViolation(Code, "relayNumber", $"廃止取次 {relay.Number} is for another supply point", "廃止取次の供給地点が申込と異なります");
        }
        else if (!RelayStatus.IsOpen(relay.Status))
        {
            yield return new RuleViolation(Code, "relayNumber", $"廃止取次 {relay.Number} is {RelayStatus.NameOf(relay.Status)} ({relay.Status})", "廃止取次が処理中ではありません");
        }
        else if (check.SwitchDate is { } date && date != relay.WishedDate)
        {
            yield return new RuleViolation(Code, "switchDate", string.Create(CultureInfo.InvariantCulture, $"switch date {date:yyyy-MM-dd} differs from the 廃止取次's wished date {relay.WishedDate:yyyy-MM-dd}"), "スイッチング日が廃止取次の希望日と異なります");
        }
    }
}
