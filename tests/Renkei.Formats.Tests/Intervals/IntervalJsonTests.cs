using System.Buffers;
using System.Text;
using Renkei.Domain.Energy;
using Renkei.Formats.Intervals;
using Renkei.Formats.Registry;

namespace Renkei.Formats.Tests.Intervals;

public sealed class IntervalJsonTests
{
    [Fact]
    public void SlotDocument_HeaderPointsAndCount()
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new IntervalJson(output))
        {
            json.BeginIntervals("TS003", "R0001", "low", new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.Zero), null, new DateOnly(2026, 4, 1), 3);
            json.BeginPoint("0310000000000000000001", VoltageClass.Low);
            json.SlotFields(3, Kwh.FromDecimal(0.1m), Quality.Actual, 7);
            json.EndPoint();
            json.BeginPoint("0310000000000000000003", VoltageClass.High);
            json.SlotFields(3, null, Quality.Missing, 0);
            json.EndPoint();
            json.EndDocument(2);
        }

        Assert.Equal(
            "{\"sender\":\"TS003\",\"receiver\":\"R0001\",\"voltage\":\"low\",\"created\":\"2026-04-01T01:00:00+00:00\",\"asOf\":null,\"date\":\"2026-04-01\",\"slot\":3,\"values\":[" +
            "{\"supplyPointId\":\"0310000000000000000001\",\"voltage\":\"low\",\"slot\":3,\"kwh\":0.1000,\"quality\":\"actual\",\"version\":7}," +
            "{\"supplyPointId\":\"0310000000000000000003\",\"voltage\":\"high\",\"slot\":3,\"kwh\":null,\"quality\":\"missing\",\"version\":0}],\"count\":2}",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void PointDay_DirectionAndSlots()
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new IntervalJson(output))
        {
            json.BeginPointDay("0310000000000000000003", new DateOnly(2026, 4, 1), Direction.Export);
            json.BeginSlots();
            json.SlotEntry(1, Kwh.FromDecimal(12m), Quality.Estimated, 2);
            json.EndSlots();
            json.EndPointDay();
        }

        Assert.Equal(
            "{\"supplyPointId\":\"0310000000000000000003\",\"date\":\"2026-04-01\",\"direction\":\"export\",\"slots\":[{\"slot\":1,\"kwh\":12.0000,\"quality\":\"estimated\",\"version\":2}]}",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
