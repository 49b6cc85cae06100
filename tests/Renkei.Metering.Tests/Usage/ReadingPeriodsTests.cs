using Renkei.Hosting.Contracts;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Tests.Usage;

/// <summary>A point's reading period from its schedule code and its area's calendar, and the reasons when there is none.</summary>
public sealed class ReadingPeriodsTests : IDisposable
{
    private const string Tokyo = "0310000000000000000001";
    private const string Chubu = "0410000000000000000001";
    private const string NoCode = "0310000000000000000002";

    private readonly ContractReadModel contracts = new();
    private readonly ReadingScheduleReadModel schedules = new();
    private readonly ReadingPeriods periods;

    public ReadingPeriodsTests()
    {
        var open = new DateOnly(2020, 1, 1);
        contracts.Apply(
            [
                new ContractFeedItem(1, 1, Tokyo, "A0001", open, null, "05"),
                new ContractFeedItem(2, 2, Chubu, "A0001", open, null, "05"),
                new ContractFeedItem(3, 3, NoCode, "A0001", open, null),
            ],
            3);

        // Code 05 reads on different days in Tokyo (03) and Chubu (04).
        schedules.Apply(
            [
                new ReadingScheduleFeedItem(1, "03", "05", "2026-10", new DateOnly(2026, 10, 8)),
                new ReadingScheduleFeedItem(2, "03", "05", "2026-11", new DateOnly(2026, 11, 9)),
                new ReadingScheduleFeedItem(3, "03", "05", "2026-12", new DateOnly(2026, 12, 8)),
                new ReadingScheduleFeedItem(4, "04", "05", "2026-10", new DateOnly(2026, 10, 7)),
                new ReadingScheduleFeedItem(5, "04", "05", "2026-11", new DateOnly(2026, 11, 6)),
            ],
            5);
        periods = new ReadingPeriods(contracts, schedules);
    }

    public void Dispose()
    {
        contracts.Dispose();
        schedules.Dispose();
    }

    [Fact]
    public void Period_FromTheMonthBeforesReadingDayToTheMonths_InThePointsArea()
    {
        var lookup = periods.Of(Tokyo, 2026, 11);

        // 8 October to 9 November (32 days), the next reading 8 December.
        Assert.Equal(new UsagePeriod(2026, 11, new DateOnly(2026, 10, 8), new DateOnly(2026, 11, 9), new DateOnly(2026, 12, 8)), lookup.Period);
        Assert.Equal(32, lookup.Period!.Value.Days);
    }

    [Fact]
    public void NoScheduleCode_NoPeriod_ReasonSaysSo()
    {
        var lookup = periods.Of(NoCode, 2026, 11);

        Assert.Null(lookup.Period);
        Assert.Equal(ReadingPeriods.NoSchedule, lookup.Reason);
    }

    [Fact]
    public void MonthNotDelivered_NoPeriod_ReasonNamesTheMonth()
    {
        // Chubu's code 05 has no December day yet: the next reading is unknown.
        var lookup = periods.Of(Chubu, 2026, 11);

        Assert.Null(lookup.Period);
        Assert.Equal(ReadingPeriods.ScheduleNotDelivered, lookup.Reason);
        Assert.Contains("2026-12", lookup.Detail, StringComparison.Ordinal);
        Assert.Contains("area 04", lookup.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LaterItemReplacesTheDay_ThePeriodMoves()
    {
        schedules.Apply([new ReadingScheduleFeedItem(6, "03", "05", "2026-11", new DateOnly(2026, 11, 10))], 6);

        Assert.Equal(new DateOnly(2026, 11, 10), periods.Of(Tokyo, 2026, 11).Period!.Value.To);
    }

    [Fact]
    public void ScheduleCodeChangedByALaterContractItem_TheNewCodeCounts()
    {
        schedules.Apply(
            [
                new ReadingScheduleFeedItem(6, "03", "07", "2026-10", new DateOnly(2026, 10, 12)),
                new ReadingScheduleFeedItem(7, "03", "07", "2026-11", new DateOnly(2026, 11, 11)),
                new ReadingScheduleFeedItem(8, "03", "07", "2026-12", new DateOnly(2026, 12, 10)),
            ],
            8);
        contracts.Apply([new ContractFeedItem(4, 1, Tokyo, "A0001", new DateOnly(2020, 1, 1), null, "07")], 4);

        Assert.Equal(new DateOnly(2026, 10, 12), periods.Of(Tokyo, 2026, 11).Period!.Value.From);
    }

    [Fact]
    public void DaysOutOfOrder_NoPeriod_ReasonInvalid()
    {
        schedules.Apply([new ReadingScheduleFeedItem(6, "03", "05", "2026-12", new DateOnly(2026, 11, 1))], 6);

        Assert.Equal(ReadingPeriods.ScheduleInvalid, periods.Of(Tokyo, 2026, 11).Reason);
    }
}
