using Renkei.Formats.Switching;

namespace Renkei.Formats.Tests.Switching;

public sealed class ApplicationsFileTests
{
    [Fact]
    public void Write_Row_EmptyForNoneQuotedTextAndNgReasonsCommasAsSpaces()
    {
        var at = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
        var csv = ApplicationsFile.Write([
            new ApplicationRow("A000000000001", "IF_10610", "0300000000000000000001", "09", "rejected", new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 15), null,
                "C000000000001", "06", "01,03", "SW033", "NG, by the old retailer", at, at.AddHours(1)),
        ]);

        Assert.Equal(
            ApplicationsFile.Header + "\n"
            + "A000000000001,IF_10610,0300000000000000000001,09,rejected,2026-12-01,2026-12-15,,C000000000001,06,01 03,SW033,\"NG, by the old retailer\",2026-12-01T09:30:00Z,2026-12-01T10:30:00Z\n",
            csv);
    }
}
