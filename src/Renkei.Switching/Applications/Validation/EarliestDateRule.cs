using System.Globalization;

namespace Renkei.Switching.Applications.Validation;

/// <summary>
/// The shape shared by the date rules under the standard processing period (the switch-in's switch date, the
/// 廃止取次's wished date): the date must lie within the business calendar and not before the earliest date the
/// period allows.
/// </summary>
internal abstract class EarliestDateRule<TCheck> : IRule<TCheck>
{
    public abstract string Code { get; }

    /// <summary>The request field (e.g. <c>switchDate</c>).</summary>
    protected abstract string Field { get; }

    /// <summary>The date's name in messages (e.g. "switch date").</summary>
    protected abstract string Name { get; }

    /// <summary>The date's Japanese name (e.g. スイッチング日).</summary>
    protected abstract string NameJa { get; }

    /// <summary>The date asked for, the earliest the period allows (null when unknown), and whether a date is outside the calendar.</summary>
    protected abstract (DateOnly? Asked, DateOnly? Earliest, bool OutsideCalendar) Dates(TCheck check);

    /// <summary>A kind's further checks of the date, after the period's.</summary>
    protected virtual IEnumerable<RuleViolation> More(TCheck check) => [];

    public IEnumerable<RuleViolation> Check(TCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var (asked, earliest, outside) = Dates(check);
        if (outside)
        {
            yield return new RuleViolation(Code, Field, $"the {Name} is outside the business calendar", $"{NameJa}が営業日カレンダーの範囲外です");
            yield break;
        }

        if (asked is { } date && earliest is { } first && date < first)
        {
            yield return new RuleViolation(
                Code,
                Field,
                string.Create(CultureInfo.InvariantCulture, $"{Name} {date:yyyy-MM-dd} is before {first:yyyy-MM-dd}, the earliest date after the standard processing period"),
                string.Create(CultureInfo.InvariantCulture, $"{NameJa}は標準処理期間後の{first:yyyy-MM-dd}以降を指定してください"));
        }

        foreach (var violation in More(check))
        {
            yield return violation;
        }
    }
}
