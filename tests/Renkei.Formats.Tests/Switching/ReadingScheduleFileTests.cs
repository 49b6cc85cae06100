using System.Text;
using Renkei.Formats.Switching;

namespace Renkei.Formats.Tests.Switching;

public sealed class ReadingScheduleFileTests
{
    private static ReadingScheduleRecords Parse(string text) => ReadingScheduleFile.Parse(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Parse_GoodFile_DaysWithTheirLines()
    {
        var records = Parse("""
            area,schedule_code,year_month,reading_date
            # Tokyo, December and January
            03,08,2026-12,2026-12-03
            03,08,2027-01,2027-01-07
            06,1A,2026-12,2026-12-01
            """);

        Assert.Empty(records.Errors);
        Assert.Equal(
            [
                (3, new ReadingScheduleLine(3, "08", "2026-12", new DateOnly(2026, 12, 3))),
                (4, new ReadingScheduleLine(3, "08", "2027-01", new DateOnly(2027, 1, 7))),
                (5, new ReadingScheduleLine(6, "1A", "2026-12", new DateOnly(2026, 12, 1))),
            ],
            records.Days);
    }

    [Fact]
    public void Parse_Faults_EveryFaultWithLineAndColumn()
    {
        var records = Parse("""
            area,schedule_code,year_month,reading_date
            11,08,2026-12,2026-12-03
            03,a-1,2026-12,2026-12-03
            03,08,2026-13,2026-12-03
            03,08,2026-12,2027-01-07
            03,08,2026-12,2026-12-03
            03,08,2026-12,2026-12-04
            03,08,2026-12
            """);

        Assert.Equal(
            [
                "line 2: area: '11' is not an area 01 to 10",
                "line 3: schedule_code: 'a-1' is not a schedule code: 1 to 8 digits or capital letters",
                "line 4: year_month: '2026-13' is not a month YYYY-MM",
                "line 5: reading_date: 2027-01-07 is not in 2026-12; a month's reading day lies in that month",
                "line 7: year_month: area 03 schedule 08 2026-12 is on line 6 already",
                "line 8: line: has 3 fields; expected 4 (area, schedule_code, year_month, reading_date)",
            ],
            records.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("", "file: is empty; expected the header 'area,schedule_code,year_month,reading_date'")]
    [InlineData("area,code,month,date\n", "line 1: header: is 'area,code,month,date'; expected 'area,schedule_code,year_month,reading_date'")]
    [InlineData("area,schedule_code,year_month,reading_date\n", "file: lists no reading day")]
    public void Parse_NotAScheduleFile_Refused(string text, string error)
    {
        Assert.Equal(error, Parse(text).Errors.Single().ToString());
    }

    [Fact]
    public void Write_Days_ParseBackTheSame()
    {
        ReadingScheduleLine[] days = [new(3, "01", "2027-01", new DateOnly(2027, 1, 5)), new(6, "20", "2027-02", new DateOnly(2027, 2, 26))];

        var records = Parse(ReadingScheduleFile.Write(days));

        Assert.Empty(records.Errors);
        Assert.Equal(days, records.Days.Select(d => d.Day));
    }
}
