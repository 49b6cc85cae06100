using System.Text;
using Renkei.Metering.Offline;

namespace Renkei.Metering.Tests.Offline;

/// <summary>
/// <c>renkei intervals</c> bounds the span it covers by the registry's periods and <see cref="OfflineIntervals.MaxSpanDays"/>:
/// a read years away is rejected with its line instead of stretching the engine's window over years.
/// </summary>
public sealed class OfflineIntervalsTests
{
    private const string Registry =
        "supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh\n"
        + "0310000000000000000001,M1,1,6,2026-04-01T00:00:00+09:00,0,2026-04-03T00:00:00+09:00,9\n"
        + "0310000000000000000002,M2,1,6,2026-04-01T00:00:00+09:00,0,,\n";

    [Theory]
    [InlineData("2030-04-01T00:30:00+09:00")]
    [InlineData("9999-12-31T23:30:00+09:00")]
    public void ReadYearsAway_IsRejectedWithItsLine_TheGoodReadsAreUsed(string farAway)
    {
        var reads = "meter_id,read_at,register_kwh\n"
            + "M2,2026-04-01T00:30:00+09:00,1\n"
            + $"M2,{farAway},900\n"
            + "M2,2026-04-01T01:00:00+09:00,2\n"
            + "M2,2026-04-01T01:30:00+09:00,3\n";

        var (result, rejected, output) = Run(reads);

        var far = Assert.Single(rejected);
        Assert.Equal(3, far.Line);
        Assert.Contains("outside the span this run covers, 2026-04-01T00:30:00+09:00 to 2026-04-01T01:30:00+09:00", far.Reason, StringComparison.Ordinal);
        Assert.Equal(3, result.ReadsAccepted);

        // Slots 2 and 3 of 2026-04-01 for both points (M1 is installed then).
        Assert.Equal(4, result.LinesWritten);
        Assert.Contains("0310000000000000000002,2026-04-01,3,import,1.0000,actual", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadOutsideItsMetersPeriod_IsRejectedAndDoesNotWidenTheSpan()
    {
        var reads = "meter_id,read_at,register_kwh\n"
            + "M1,2026-04-01T00:30:00+09:00,1\n"
            + "M1,2029-01-01T00:00:00+09:00,5\n"
            + "M2,2025-01-01T00:00:00+09:00,0\n"
            + "M1,2026-04-01T01:00:00+09:00,2\n";

        var (result, rejected, _) = Run(reads);

        Assert.Equal(
            [
                (3, "read is after the meter's removal at 2026-04-03T00:00:00+09:00"),
                (4, "read is before the meter's installation at 2026-04-01T00:00:00+09:00"),
            ],
            rejected.Select(r => (r.Line, r.Reason)).ToArray());
        Assert.Equal(2, result.ReadsAccepted);
        Assert.Equal(2, result.LinesWritten);
    }

    [Fact]
    public void ReadsSpreadOverMoreThanAYear_TheSpanWithTheMostReadsIsKept()
    {
        var reads = new StringBuilder("meter_id,read_at,register_kwh\n");
        reads.Append("M2,2026-04-01T00:30:00+09:00,1\n");
        for (var day = 0; day < 3; day++)
        {
            reads.Append(System.Globalization.CultureInfo.InvariantCulture, $"M2,2027-06-{day + 10:D2}T00:30:00+09:00,{day + 5}\n");
        }

        var (result, rejected, _) = Run(reads.ToString());

        var early = Assert.Single(rejected);
        Assert.Equal(2, early.Line);
        Assert.Contains("2027-06-10T00:30:00+09:00 to 2027-06-12T00:30:00+09:00 (at most 366 days", early.Reason, StringComparison.Ordinal);
        Assert.Equal(3, result.ReadsAccepted);
    }

    [Fact]
    public void SpanTooLargeForTheMemoryAllowed_IsRefusedBeforeComputing()
    {
        var reads = "meter_id,read_at,register_kwh\nM2,2026-04-01T00:30:00+09:00,1\nM2,2026-06-01T00:30:00+09:00,2\n";

        var e = Assert.Throws<OfflineSpanException>(() => Run(reads, maxRegisterBytes: 10_000));

        Assert.Contains("2 meters over 61 days need", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegistryFileWithAReplacementAtAnyMinute_SplitsTheSlotBetweenTheMeters()
    {
        const string replaced =
            "supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh\n"
            + "0310000000000000000003,OLD,1,6,2026-03-01T00:00:00+09:00,0,2026-04-01T00:40:00+09:00,100.7\n"
            + "0310000000000000000003,NEW,40,6,2026-04-01T00:40+09:00,0,,\n";
        var reads = "meter_id,read_at,register_kwh\n"
            + "OLD,2026-04-01T00:30:00+09:00,100.5\n"
            + "NEW,2026-04-01T00:30:00+09:00,0\n"
            + "NEW,2026-04-01T01:00:00+09:00,0.01\n"
            + "NEW,2026-04-01T01:30:00+09:00,0.03\n";

        var (result, rejected, output) = Run(reads, registryCsv: replaced);

        // Slot 2 (00:30–01:00): (100.7 − 100.5) × 1 + (0.01 − 0) × 40; slot 3: (0.03 − 0.01) × 40.
        Assert.Equal((3, "read is before the meter's installation at 2026-04-01T00:40:00+09:00"), (Assert.Single(rejected).Line, rejected[0].Reason));
        Assert.Equal(3, result.ReadsAccepted);
        Assert.Contains("0310000000000000000003,2026-04-01,2,import,0.6000,actual", output, StringComparison.Ordinal);
        Assert.Contains("0310000000000000000003,2026-04-01,3,import,0.8000,actual", output, StringComparison.Ordinal);
    }

    private static (OfflineResult Result, List<RejectedRead> Rejected, string Output) Run(string reads, long maxRegisterBytes = OfflineIntervals.DefaultMaxRegisterBytes, string registryCsv = Registry)
    {
        var rejected = new List<RejectedRead>();
        using var output = new StringWriter();
        using var registry = new MemoryStream(Encoding.UTF8.GetBytes(registryCsv));
        var result = OfflineIntervals.Run(registry, () => new StringReader(reads), output, rejected.Add, maxRegisterBytes);
        return (result, rejected, output.ToString());
    }
}
