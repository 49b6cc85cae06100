using System.IO.Pipelines;
using System.Text;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Provision;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// The JSON bulk documents' exact bytes, as the sink writes them from engine values: a slot over points, a day of
/// points, and a month of fixed usage (the one-point day is pinned by <c>IntervalsBytesTests</c>).
/// </summary>
public sealed class JsonIntervalSinkTests
{
    private const string Low = "0310000000000000000001";
    private const string High = "0310000000000000000002";
    private static readonly DateOnly Day = new(2026, 4, 1);
    private static readonly DateTimeOffset Created = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Slot_ExactBytes()
    {
        var info = Info(slot: 3, asOf: null);

        var body = Write(sink =>
        {
            sink.BeginIntervals(info);
            sink.SlotValue(Low, VoltageClass.Low, 3, new IntervalValue(Kwh.FromUnits(1000), Quality.Actual, true, 7));
            sink.SlotValue(High, VoltageClass.High, 3, new IntervalValue(null, Quality.Missing, false));
            sink.EndDocument();
        });

        Assert.Equal(
            "{\"sender\":\"TS003\",\"receiver\":\"R0001\",\"voltage\":\"all\",\"created\":\"2026-04-01T01:00:00+00:00\",\"asOf\":null," +
            "\"date\":\"2026-04-01\",\"slot\":3,\"values\":[" +
            "{\"supplyPointId\":\"0310000000000000000001\",\"voltage\":\"low\",\"slot\":3,\"kwh\":0.1000,\"quality\":\"actual\",\"version\":7}," +
            "{\"supplyPointId\":\"0310000000000000000002\",\"voltage\":\"high\",\"slot\":3,\"kwh\":null,\"quality\":\"missing\",\"version\":0}]," +
            "\"count\":2}",
            body);
    }

    [Fact]
    public void Day_ExactBytes()
    {
        var info = Info(slot: null, asOf: new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.FromHours(9)));
        IntervalValue[] values = [new(Kwh.FromUnits(25), Quality.Estimated, true, 3), new(null, Quality.Invalid, true, 4)];

        var body = Write(sink =>
        {
            sink.BeginIntervals(info);
            sink.PointDay(High, VoltageClass.High, Day, values);
            sink.EndDocument();
        });

        Assert.Equal(
            "{\"sender\":\"TS003\",\"receiver\":\"R0001\",\"voltage\":\"all\",\"created\":\"2026-04-01T01:00:00+00:00\",\"asOf\":\"2026-04-02T00:00:00+09:00\"," +
            "\"date\":\"2026-04-01\",\"slot\":null,\"points\":[" +
            "{\"supplyPointId\":\"0310000000000000000002\",\"voltage\":\"high\",\"slots\":[" +
            "{\"slot\":1,\"kwh\":0.0025,\"quality\":\"estimated\",\"version\":3},{\"slot\":2,\"kwh\":null,\"quality\":\"invalid\",\"version\":4}]}]," +
            "\"count\":1}",
            body);
    }

    [Fact]
    public void Usage_ExactBytes()
    {
        var info = Info(slot: null, asOf: null);
        var period = new UsagePeriod(2026, 4, Day, Day.AddDays(3), Day.AddMonths(1));
        var values = new IntervalValue[period.Days * Slot.PerDay];
        values.AsSpan().Fill(new IntervalValue(null, Quality.Missing, false));
        values[0] = new IntervalValue(Kwh.FromUnits(1000), Quality.Actual, true, 1);
        values[(2 * Slot.PerDay) + 47] = new IntervalValue(Kwh.FromUnits(2000), Quality.Actual, true, 9);
        var summary = new UsageSummary(3000, WholePeriod: false, HeldDays: 0b101, Version: 9, Fixed: true, null, null, 2000, new Slot(Day.AddDays(2), 48));

        var body = Write(sink =>
        {
            sink.BeginUsage(info, 2026, 4);
            sink.UsagePoint(Low, VoltageClass.Low, summary, period, values);
            sink.UsagePoint(High, VoltageClass.High, summary with { WholePeriod = true }, period, values);
            sink.PendingUsagePoint(Low, VoltageClass.Low, null, "no-reading-schedule", "none");
            sink.EndDocument();
        });

        const string days =
            "\"days\":[" +
            "{\"date\":\"2026-04-01\",\"kwh\":0.1000,\"slots\":[" + "SLOTS1" + "]}," +
            "{\"date\":\"2026-04-03\",\"kwh\":0.2000,\"slots\":[" + "SLOTS48" + "]}]}";
        var dayText = days.Replace("SLOTS1", Slots(1, "0.1000", 1), StringComparison.Ordinal).Replace("SLOTS48", Slots(48, "0.2000", 9), StringComparison.Ordinal);
        Assert.Equal(
            "{\"sender\":\"TS003\",\"receiver\":\"R0001\",\"voltage\":\"all\",\"created\":\"2026-04-01T01:00:00+00:00\",\"asOf\":null," +
            "\"month\":\"2026-04\",\"points\":[" +
            "{\"supplyPointId\":\"0310000000000000000001\",\"voltage\":\"low\",\"from\":\"2026-04-01\",\"to\":\"2026-04-04\",\"nextReadingDate\":\"2026-05-01\"," +
            "\"fixed\":true,\"provision\":\"1\",\"kwh\":0.3000,\"daysHeld\":2," + dayText + "," +
            "{\"supplyPointId\":\"0310000000000000000002\",\"voltage\":\"high\",\"from\":\"2026-04-01\",\"to\":\"2026-04-04\",\"nextReadingDate\":\"2026-05-01\"," +
            "\"fixed\":true,\"provision\":\"0\",\"kwh\":0.3000,\"daysHeld\":2,\"maxDemandKw\":0.4000,\"maxDemandAt\":\"2026-04-03T23:30:00+09:00\"," + dayText + "," +
            "{\"supplyPointId\":\"0310000000000000000001\",\"voltage\":\"low\",\"from\":null,\"to\":null,\"fixed\":false,\"reason\":\"no-reading-schedule\",\"detail\":\"none\"}]," +
            "\"count\":3}",
            body);
    }

    private static DocumentInfo Info(int? slot, DateTimeOffset? asOf) =>
        new("1110", "TS003", "Renkei TSO", "R0001", Day, slot, VoltageFilter.All, Created, asOf);

    /// <summary>A day's 48 slots, all missing except <paramref name="slot"/>.</summary>
    private static string Slots(int slot, string kwh, long version) =>
        string.Join(',', Enumerable.Range(1, Slot.PerDay).Select(k => k == slot
            ? $"{{\"slot\":{k},\"kwh\":{kwh},\"quality\":\"actual\",\"version\":{version}}}"
            : $"{{\"slot\":{k},\"kwh\":null,\"quality\":\"missing\",\"version\":0}}"));

    private static string Write(Action<JsonIntervalSink> write)
    {
        using var stream = new MemoryStream();
        var output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        using (var sink = new JsonIntervalSink(output))
        {
            write(sink);
        }

        output.FlushAsync().AsTask().GetAwaiter().GetResult();
        output.Complete();
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
