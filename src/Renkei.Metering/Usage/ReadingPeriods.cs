using System.Globalization;
using Renkei.Hosting.Contracts;

namespace Renkei.Metering.Usage;

/// <summary>
/// Cuts a supply point's reading period for a month from the schedules switching holds: the point's schedule code
/// (<see cref="ContractReadModel.ReadingScheduleOf"/>), in the area its ID's first two digits name, read on the
/// month's scheduled day; the period runs from the month before's reading day to it. Nothing is guessed: a point
/// without a schedule, or whose schedule's days for the three months have not been delivered, gets no period and a
/// reason.
/// </summary>
internal sealed class ReadingPeriods(ContractReadModel contracts, ReadingScheduleReadModel schedules)
{
    public const string NoSchedule = "no-reading-schedule";
    public const string ScheduleNotDelivered = "reading-schedule-not-delivered";
    public const string ScheduleInvalid = "reading-schedule-invalid";

    /// <summary>The period of <paramref name="supplyPoint"/> (22 digits) that the month's reading closes, or why there is none.</summary>
    public PeriodLookup Of(string supplyPoint, int year, int month)
    {
        ArgumentNullException.ThrowIfNull(supplyPoint);
        if (contracts.ReadingScheduleOf(supplyPoint) is not { } code)
        {
            return PeriodLookup.None(NoSchedule, "the supply point has no reading schedule (検針日程) in the contracts switching sent");
        }

        var area = supplyPoint[..2];
        var closing = new DateOnly(year, month, 1);
        var before = closing.AddMonths(-1);
        var after = closing.AddMonths(1);
        foreach (var m in (ReadOnlySpan<DateOnly>)[before, closing, after])
        {
            if (!schedules.TryReadingDate(area, code, m.Year, m.Month, out _))
            {
                return PeriodLookup.None(
                    ScheduleNotDelivered,
                    string.Create(CultureInfo.InvariantCulture, $"reading schedule {code} of area {area} has no reading day for {m.Year:D4}-{m.Month:D2} yet"));
            }
        }

        schedules.TryReadingDate(area, code, before.Year, before.Month, out var from);
        schedules.TryReadingDate(area, code, year, month, out var to);
        schedules.TryReadingDate(area, code, after.Year, after.Month, out var next);
        var days = to.DayNumber - from.DayNumber;
        if (days < 1 || days > UsagePeriod.MaxDays || next <= to)
        {
            return PeriodLookup.None(
                ScheduleInvalid,
                string.Create(CultureInfo.InvariantCulture, $"reading schedule {code} of area {area} gives the period {from:yyyy-MM-dd} to {to:yyyy-MM-dd} and the next reading {next:yyyy-MM-dd}: not 1 to {UsagePeriod.MaxDays} days in order"));
        }

        return new PeriodLookup(new UsagePeriod(year, month, from, to, next), null, null);
    }
}

/// <summary>A point's reading period, or the reason (a code) and detail (a sentence) why it cannot be cut.</summary>
internal readonly record struct PeriodLookup(UsagePeriod? Period, string? Reason, string? Detail)
{
    public static PeriodLookup None(string reason, string detail) => new(null, reason, detail);
}
