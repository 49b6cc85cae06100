using System.Globalization;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Usage;

/// <summary>
/// 確定使用量: a supply point's usage between two given days (from inclusive, to exclusive), summed exactly from its
/// 30-minute values, with its maximum 30-minute demand (kW = kWh × 2), the quality counts that say whether the total
/// is complete, and whether it is fixed by the same rule as the retailers' fixed usage (<see cref="FixedUsageRules"/>:
/// every slot final) or why not.
/// </summary>
internal sealed record FixedUsage(
    string SupplyPointId,
    string From,
    string To,
    decimal Kwh,
    bool Complete,
    decimal? MaxDemandKw,
    string? MaxDemandSlotStart,
    int Actual,
    int Estimated,
    int Missing,
    int Invalid,
    bool Fixed,
    string? Reason,
    IReadOnlyList<DailyUsage> Days)
{
    /// <summary>The longest period one query covers (a reading period is about a month).</summary>
    public const int MaxDays = 62;

    public static FixedUsage Compute(IntervalEngine engine, SupplyPointId supplyPoint, int[] ordinals, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (to <= from || to.DayNumber - from.DayNumber > MaxDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"the period must be 1 to {MaxDays} days");
        }

        var all = new IntervalValue[(to.DayNumber - from.DayNumber) * Slot.PerDay];
        long total = 0;
        long maxUnits = -1;
        Slot? maxSlot = null;
        int actual = 0, estimated = 0, missing = 0, invalid = 0;
        var days = new List<DailyUsage>();
        for (var day = from; day < to; day = day.AddDays(1))
        {
            var values = all.AsSpan((day.DayNumber - from.DayNumber) * Slot.PerDay, Slot.PerDay);
            engine.ReadDay(ordinals, day, Direction.Import, values);
            long dayTotal = 0;
            var dayMissing = 0;
            for (var k = 0; k < Slot.PerDay; k++)
            {
                var v = values[k];
                switch (v.Quality)
                {
                    case Quality.Actual: actual++; break;
                    case Quality.Estimated: estimated++; break;
                    case Quality.Invalid: invalid++; dayMissing++; break;
                    default: missing++; dayMissing++; break;
                }

                if (v.Energy is { } e)
                {
                    dayTotal += e.Units;
                    if (e.Units > maxUnits)
                    {
                        maxUnits = e.Units;
                        maxSlot = new Slot(day, k + 1);
                    }
                }
            }

            total += dayTotal;
            days.Add(new DailyUsage(DateText.Format(day), KwhText.JsonNumber(Domain.Energy.Kwh.FromUnits(dayTotal)), dayMissing));
        }

        var rule = FixedUsageRules.Summarize(all, FixedUsageRules.AllDays(to.DayNumber - from.DayNumber), new UsagePeriod(from.Year, from.Month, from, to, to));
        return new FixedUsage(
            supplyPoint.Value,
            DateText.Format(from),
            DateText.Format(to),
            KwhText.JsonNumber(Domain.Energy.Kwh.FromUnits(total)),
            missing == 0 && invalid == 0,
            maxSlot is null ? null : KwhText.JsonNumber(Domain.Energy.Kwh.FromUnits(maxUnits * 2)),
            maxSlot?.Start.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            actual,
            estimated,
            missing,
            invalid,
            rule.Fixed,
            rule.Reason,
            days);
    }
}

/// <summary>One day of a fixed-usage period: its total and how many slots had no value.</summary>
internal sealed record DailyUsage(string Date, decimal Kwh, int SlotsWithoutValue);
