using Renkei.Cli.RetailerApi;
using Renkei.Formats.Api.Metering;

namespace Renkei.Cli.Tests.RetailerApi;

/// <summary>The text <c>renkei retailer explain</c> prints, for bodies written by hand.</summary>
public sealed class ExplanationTextTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 9, 10, 15, 0, TimeSpan.FromHours(9));

    [Fact]
    public void EstimatedValueRevisedByALateRead_PrintsTheGapTheReadsAndBothVersions()
    {
        var body = new ValueExplanation(
            "0310000000000000000002",
            "2026-11-09",
            20,
            "import",
            Published: true,
            0.8250m,
            "estimated",
            1034,
            ReadsHeld: true,
            [
                new MeterExplanation(
                    "M000123",
                    2,
                    "estimated",
                    0.4125m,
                    0.8250m,
                    "estimated",
                    [
                        new BoundingRead("before", new DateTimeOffset(2026, 11, 9, 0, 0, 0, TimeSpan.Zero), 18234.1250m, "read", At.AddMinutes(40)),
                        new BoundingRead("after", new DateTimeOffset(2026, 11, 9, 10, 30, 0, TimeSpan.FromHours(9)), 18235.3625m, "read", At.AddMinutes(40)),
                    ],
                    new EstimationBasis("equal-shares", 3, 2, 1.2375m, false),
                    null),
            ],
            [
                new ValueVersion(1021, At, "published", null, null, "missing"),
                new ValueVersion(1034, At.AddMinutes(40), "late-read", "M000123", 0.8250m, "estimated"),
            ]);

        Assert.Equal(
            """
            Supply point 0310000000000000000002, 2026-11-09 slot 20 (09:30-10:00 JST), import
            Value: 0.8250 kWh, estimated, version 1034
            Meter M000123 ×2: estimated, estimated, 0.4125 kWh on the register × 2 = 0.8250 kWh
              before 2026-11-09T09:00:00+09:00  register 18234.1250 kWh  (read, arrived by 2026-11-09T10:55:00+09:00)
              after  2026-11-09T10:30:00+09:00  register 18235.3625 kWh  (read, arrived by 2026-11-09T10:55:00+09:00)
              equal-shares: slot 2 of a 3-slot gap, advance 1.2375 kWh
            Versions:
                  1021  2026-11-09T10:15:00+09:00  published                no value, missing
                  1034  2026-11-09T10:55:00+09:00  late-read of M000123     0.8250 kWh, estimated

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            ExplanationText.Format(body));
    }

    [Fact]
    public void InvalidValue_PrintsTheFailedCheck()
    {
        var body = new ValueExplanation(
            "0310000000000000000002", "2026-11-09", 48, "export", true, null, "invalid", 7, true,
            [new MeterExplanation("M1", 1, "invalid", null, null, "invalid", [], null, "negative-advance")],
            [new ValueVersion(7, At, "published", null, null, "invalid")]);

        var text = ExplanationText.Format(body);

        Assert.StartsWith("Supply point 0310000000000000000002, 2026-11-09 slot 48 (23:30-24:00 JST), export\n", text, StringComparison.Ordinal);
        Assert.Contains("Meter M1 ×1: invalid, invalid\n  failed check: negative-advance\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueBeyondTheWindow_SaysTheReadsAreNoLongerHeld()
    {
        var body = new ValueExplanation(
            "0310000000000000000002", "2026-09-01", 1, "import", true, 0.5m, "actual", 12, false,
            [new MeterExplanation("M1", 1, null, 0.5m, 0.5m, "actual", [], null, null)],
            []);

        var text = ExplanationText.Format(body);

        Assert.Contains("The reads are no longer held", text, StringComparison.Ordinal);
        Assert.Contains("Meter M1 ×1: rule no longer held, actual, 0.5000 kWh on the register × 1 = 0.5000 kWh", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Versions:", text, StringComparison.Ordinal);
    }
}
