using System.Text;
using Renkei.Domain.Energy;
using Renkei.Formats.Intervals;
using Renkei.Formats.Registry;

namespace Renkei.Formats.Tests.Intervals;

public sealed class IntervalCsvTests
{
    [Fact]
    public void FormatLine_IntervalRow_AndUsageRowWithoutValue()
    {
        var span = new byte[IntervalCsv.MaxLine];

        var n = IntervalCsv.FormatLine(span, "0310000000000000000001", VoltageClass.Low, [], "2026-04-01"u8, 3, Kwh.FromDecimal(0.1m), Quality.Actual, 7);
        Assert.Equal("0310000000000000000001,low,2026-04-01,3,0.1000,actual,7\n", Encoding.UTF8.GetString(span, 0, n));

        n = IntervalCsv.FormatLine(span, "0310000000000000000003", VoltageClass.High, "2026-04"u8, "2026-04-02"u8, 48, null, Quality.Missing, 0);
        Assert.Equal("0310000000000000000003,high,2026-04,2026-04-02,48,,missing,0\n", Encoding.UTF8.GetString(span, 0, n));
    }
}
