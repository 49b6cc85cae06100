using System.IO.Pipelines;
using Renkei.Domain.Time;
using Renkei.Formats.Market;
using Renkei.Metering.Engine;
using Renkei.Metering.Provision;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// The market XML as the sink writes it from engine values, for each file kind and both voltage classes: valid
/// against the market schema (<see cref="MarketXml"/> checks it first), with the market's items only. A value's
/// quality and version are not in it; a point without a value has no record.
/// </summary>
public sealed class XmlIntervalSinkTests
{
    private const string Low = "0310000000000000000001";
    private const string High = "0310000000000000000002";
    private static readonly DateOnly Day = new(2026, 4, 1);
    private static readonly DateTimeOffset Created = new(2026, 4, 1, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1110", VoltageClass.Low, false)]
    [InlineData("0110", VoltageClass.High, true)]
    public void Slot_EachVoltage_ValueWithoutQualityOrVersion_MissingLeftOut(string kind, VoltageClass voltage, bool high)
    {
        var body = Write(sink =>
        {
            sink.BeginIntervals(Info(kind, slot: 3));
            sink.SlotValue(Low, voltage, 3, new IntervalValue(Kwh.FromUnits(1000), Quality.Estimated, true, 7));
            sink.SlotValue(High, voltage, 3, new IntervalValue(null, Quality.Missing, false));
            sink.SlotValue(High, voltage, 3, new IntervalValue(null, Quality.Invalid, true, 8));
            sink.EndDocument();
        });

        var doc = MarketXml.ReadIntervals(body);
        var value = Assert.Single(doc.Values);
        Assert.Equal((Low, 3, 0.1m, high), (value.SupplyPointId, value.Slot, value.Kwh, value.HighVoltage));
    }

    [Theory]
    [InlineData("1120", VoltageClass.Low)]
    [InlineData("0120", VoltageClass.High)]
    public void Day_EachVoltage_SlotGroupsOverPoints(string kind, VoltageClass voltage)
    {
        var body = Write(sink =>
        {
            sink.BeginIntervals(Info(kind, slot: null));
            for (var k = 1; k <= Slot.PerDay; k++)
            {
                sink.BeginDaySlot(k);
                sink.SlotValue(Low, voltage, k, k <= 2 ? new IntervalValue(Kwh.FromUnits(k), Quality.Actual, true, k) : new IntervalValue(null, Quality.Missing, false));
                sink.EndDaySlot();
            }

            sink.EndDocument();
        });

        var doc = MarketXml.ReadIntervals(body);
        Assert.Equal(Enumerable.Range(1, Slot.PerDay), doc.DaySlots);
        Assert.Equal([(1, 0.0001m), (2, 0.0002m)], doc.Values.Select(v => (v.Slot, v.Kwh)));
    }

    [Theory]
    [InlineData("1220", VoltageClass.Low, "低圧")]
    [InlineData("1210", VoltageClass.High, "高圧")]
    public void Usage_EachVoltage_CompletePartOfThePeriod_Providable_PartialAllocation(string kind, VoltageClass voltage, string name)
    {
        var period = new UsagePeriod(2026, 4, Day, Day.AddMonths(1), Day.AddMonths(2));
        var values = new IntervalValue[period.Days * Slot.PerDay];
        values.AsSpan().Fill(new IntervalValue(null, Quality.Missing, false));
        values.AsSpan(0, Slot.PerDay).Fill(new IntervalValue(Kwh.FromUnits(10), Quality.Actual, true, 1));
        values.AsSpan(2 * Slot.PerDay, Slot.PerDay).Fill(new IntervalValue(Kwh.FromUnits(20), Quality.Estimated, true, 2));

        var body = Write(sink =>
        {
            sink.BeginUsage(Info(kind, slot: null), period.Year, period.Month);
            sink.UsagePoint(Low, voltage, new UsageSummary(48 * 30, WholePeriod: false, HeldDays: 0b101, Version: 2, Fixed: true, Reason: null, Detail: null, MaxUnits: 20, MaxSlot: null), period, values);
            sink.UsagePoint(High, voltage, new UsageSummary(0, WholePeriod: true, HeldDays: ulong.MaxValue, Version: 2, Fixed: false, Reason: "slots-missing", Detail: null, MaxUnits: 0, MaxSlot: null), period, values);
            sink.EndDocument();
        });

        var usage = MarketXml.ReadUsage(body);
        Assert.Equal(("202604", kind), (usage.Month, usage.Header.InformationType));
        var partial = usage.Points[0];
        Assert.Equal((Low, name, "2", "0", (decimal?)0.144m, "20260601"), (partial.SupplyPointId, partial.VoltageClassName, partial.Allocation, partial.Provision, partial.Kwh, partial.NextReading));
        Assert.Equal(["20260401", "20260403"], partial.Days.Select(d => d.Date));
        Assert.All(partial.Days, d => Assert.Equal(Enumerable.Range(1, Slot.PerDay), d.Slots.Select(s => s.Slot)));
        Assert.Equal([0.001m, 0.002m], partial.Days.Select(d => d.Slots[0].Kwh));

        var notYet = usage.Points[1];
        Assert.Equal((High, "1", "1", (decimal?)null), (notYet.SupplyPointId, notYet.Allocation, notYet.Provision, notYet.Kwh));
        Assert.Empty(notYet.Days);
    }

    private static DocumentInfo Info(string kind, int? slot) =>
        new(kind, "TS003", "Renkei TSO", "R0001", Day, slot, VoltageFilter.All, Created, null);

    private static byte[] Write(Action<XmlIntervalSink> write)
    {
        using var stream = new MemoryStream();
        var output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        using (var sink = new XmlIntervalSink(output))
        {
            write(sink);
        }

        output.FlushAsync().AsTask().GetAwaiter().GetResult();
        output.Complete();
        var bytes = stream.ToArray();
        Assert.Empty(MarketXmlSchema.Validate(new MemoryStream(bytes)));
        return bytes;
    }
}
