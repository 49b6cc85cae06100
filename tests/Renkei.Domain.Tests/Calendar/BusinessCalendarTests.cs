using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Renkei.Domain.Calendar;

namespace Renkei.Domain.Tests.Calendar;

public class BusinessCalendarTests
{
    private static readonly BusinessCalendar Japan = BusinessCalendar.JapanDefault;

    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? HolidayName(string date) => Japan.IsHoliday(D(date), out var name) ? name : null;

    [Fact]
    public void Coverage_JapanDefault_Is2016To2035()
    {
        Assert.Equal(new DateOnly(2016, 1, 1), Japan.FirstCoveredDate);
        Assert.Equal(new DateOnly(2035, 12, 31), Japan.LastCoveredDate);
        Assert.Equal([ClosingDays.YearEnd], Japan.RecurringClosingDays);
    }

    [Fact]
    public void JapanDefault_Twice_IsTheSameInstance()
    {
        Assert.Same(BusinessCalendar.JapanDefault, BusinessCalendar.JapanDefault);
    }

    [Theory]
    [InlineData("2026-01-01", "元日")]
    [InlineData("2023-01-09", "成人の日")]
    [InlineData("2026-01-12", "成人の日")]
    [InlineData("2026-02-11", "建国記念の日")]
    [InlineData("2026-03-20", "春分の日")]
    [InlineData("2026-04-29", "昭和の日")]
    [InlineData("2026-05-03", "憲法記念日")]
    [InlineData("2026-05-04", "みどりの日")]
    [InlineData("2026-05-05", "こどもの日")]
    [InlineData("2026-07-20", "海の日")]
    [InlineData("2026-08-11", "山の日")]
    [InlineData("2026-09-21", "敬老の日")]
    [InlineData("2026-09-23", "秋分の日")]
    [InlineData("2026-10-12", "スポーツの日")]
    [InlineData("2026-11-03", "文化の日")]
    [InlineData("2026-11-23", "勤労感謝の日")]
    [InlineData("2026-02-23", "天皇誕生日")]
    public void IsHoliday_Every2026Holiday_HasItsName(string date, string name)
    {
        Assert.Equal(name, HolidayName(date));
        Assert.False(Japan.IsBusinessDay(D(date)));
    }

    [Theory]
    // Mountain Day from its first year.
    [InlineData("2016-08-11", "山の日")]
    // Emperor's Birthday: 12/23 until 2018, none in 2019, 2/23 from 2020.
    [InlineData("2018-12-23", "天皇誕生日")]
    [InlineData("2018-12-24", "振替休日")]
    [InlineData("2019-12-23", null)]
    [InlineData("2019-02-23", null)]
    [InlineData("2020-02-23", "天皇誕生日")]
    [InlineData("2020-02-24", "振替休日")]
    [InlineData("2020-12-23", null)]
    // 2019: the succession.
    [InlineData("2019-04-30", "国民の休日")]
    [InlineData("2019-05-01", "即位の日")]
    [InlineData("2019-05-02", "国民の休日")]
    [InlineData("2019-05-06", "振替休日")]
    [InlineData("2019-10-22", "即位礼正殿の儀")]
    [InlineData("2019-10-14", "体育の日")]
    // 2020 Olympics: holidays moved, none on the usual days.
    [InlineData("2020-07-23", "海の日")]
    [InlineData("2020-07-24", "スポーツの日")]
    [InlineData("2020-08-10", "山の日")]
    [InlineData("2020-07-20", null)]
    [InlineData("2020-08-11", null)]
    [InlineData("2020-10-12", null)]
    // 2021 Olympics: Mountain Day on a Sunday, so a substitute.
    [InlineData("2021-07-22", "海の日")]
    [InlineData("2021-07-23", "スポーツの日")]
    [InlineData("2021-08-08", "山の日")]
    [InlineData("2021-08-09", "振替休日")]
    [InlineData("2021-07-19", null)]
    [InlineData("2021-08-11", null)]
    [InlineData("2021-10-11", null)]
    // Sports Day renamed from 2020, back on the 2nd Monday of October from 2022.
    [InlineData("2022-10-10", "スポーツの日")]
    [InlineData("2018-10-08", "体育の日")]
    // Substitute holidays and citizens' holidays.
    [InlineData("2016-03-21", "振替休日")]
    [InlineData("2023-01-02", "振替休日")]
    [InlineData("2024-02-12", "振替休日")]
    [InlineData("2025-11-24", "振替休日")]
    [InlineData("2026-05-06", "振替休日")]
    [InlineData("2026-09-22", "国民の休日")]
    [InlineData("2032-09-21", "国民の休日")]
    // Later years (projections under today's law).
    [InlineData("2030-01-14", "成人の日")]
    [InlineData("2030-03-20", "春分の日")]
    [InlineData("2030-05-06", "振替休日")]
    [InlineData("2030-08-12", "振替休日")]
    [InlineData("2030-09-23", "秋分の日")]
    [InlineData("2030-11-04", "振替休日")]
    [InlineData("2035-12-31", null)]
    [InlineData("2016-01-01", "元日")]
    public void IsHoliday_SpecialCases_AreRight(string date, string? name)
    {
        Assert.Equal(name, HolidayName(date));
    }

    [Theory]
    [InlineData(2016, 17)]
    [InlineData(2018, 20)]
    [InlineData(2019, 22)]
    [InlineData(2020, 18)]
    [InlineData(2021, 17)]
    [InlineData(2024, 21)]
    [InlineData(2026, 18)]
    public void IsHoliday_CountPerYear_MatchesTheOfficialList(int year, int count)
    {
        var holidays = 0;
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            if (Japan.IsHoliday(d, out _))
            {
                holidays++;
            }
        }

        Assert.Equal(count, holidays);
    }

    [Fact]
    public void IsHoliday_OrdinaryDay_IsFalseWithNullName()
    {
        Assert.False(Japan.IsHoliday(D("2026-06-10"), out var name));
        Assert.Null(name);
    }

    [Fact]
    public void IsHoliday_ClosingDay_IsNotAHoliday()
    {
        // 12/29–1/3 are TSO closing days, not national holidays.
        Assert.False(Japan.IsHoliday(D("2026-12-30"), out _));
        Assert.False(Japan.IsBusinessDay(D("2026-12-30")));
    }

    [Theory]
    [InlineData("2026-06-13", false)] // Saturday
    [InlineData("2026-06-14", false)] // Sunday
    [InlineData("2026-06-15", true)] // Monday
    [InlineData("2026-06-12", true)] // Friday
    public void IsBusinessDay_Weekends_AreNot(string date, bool expected)
    {
        Assert.Equal(expected, Japan.IsBusinessDay(D(date)));
    }

    [Theory]
    [InlineData("2026-12-28", true)] // Monday
    [InlineData("2026-12-29", false)]
    [InlineData("2026-12-30", false)]
    [InlineData("2026-12-31", false)]
    [InlineData("2027-01-01", false)]
    [InlineData("2027-01-04", true)] // Monday
    [InlineData("2025-01-03", false)] // Friday
    [InlineData("2025-01-06", true)]
    public void IsBusinessDay_YearEndClosing_AcrossTheYearEnd(string date, bool expected)
    {
        Assert.Equal(expected, Japan.IsBusinessDay(D(date)));
    }

    [Theory]
    [InlineData("2026-06-12", 1, "2026-06-15")] // Friday → Monday
    [InlineData("2026-06-13", 1, "2026-06-15")] // Saturday → Monday
    [InlineData("2026-06-15", 5, "2026-06-22")]
    [InlineData("2026-04-28", 1, "2026-04-30")] // over 昭和の日
    [InlineData("2026-04-30", 1, "2026-05-01")]
    [InlineData("2026-05-01", 1, "2026-05-07")] // Golden Week 2026: 5/2 Sat – 5/6 振替休日
    [InlineData("2026-04-28", 3, "2026-05-07")]
    [InlineData("2026-12-25", 1, "2026-12-28")]
    [InlineData("2026-12-28", 1, "2027-01-04")] // over New Year
    [InlineData("2026-12-30", 1, "2027-01-04")]
    [InlineData("2027-01-04", -1, "2026-12-28")]
    [InlineData("2026-06-15", -1, "2026-06-12")] // Monday → Friday
    [InlineData("2026-05-07", -1, "2026-05-01")]
    [InlineData("2026-05-07", -2, "2026-04-30")]
    [InlineData("2026-09-24", -1, "2026-09-18")] // over the 2026 silver week
    [InlineData("2026-06-15", 0, "2026-06-15")]
    [InlineData("2026-06-13", 0, "2026-06-13")] // 0 keeps even a non-business day
    public void AddBusinessDays_Cases_LandOnBusinessDays(string from, int days, string expected)
    {
        Assert.Equal(D(expected), Japan.AddBusinessDays(D(from), days));
    }

    [Fact]
    public void AddBusinessDays_YearOfDays_CountsEveryBusinessDay()
    {
        var businessDaysIn2026 = 0;
        for (var d = new DateOnly(2026, 1, 1); d.Year == 2026; d = d.AddDays(1))
        {
            businessDaysIn2026 += Japan.IsBusinessDay(d) ? 1 : 0;
        }

        Assert.Equal(new DateOnly(2026, 12, 28), Japan.AddBusinessDays(new DateOnly(2025, 12, 31), businessDaysIn2026));
    }

    [Theory]
    [InlineData("2015-12-31")]
    [InlineData("2036-01-01")]
    [InlineData("0001-01-01")]
    public void Queries_OutsideCoverage_ThrowNamingTheCoveredYears(string date)
    {
        var d = D(date);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Japan.IsBusinessDay(d));
        Assert.Contains("covers 2016–2035", ex.Message, StringComparison.Ordinal);
        Assert.Equal("date", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Japan.IsHoliday(d, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => Japan.AddBusinessDays(d, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Japan.AddBusinessDays(d, 0));
    }

    [Theory]
    [InlineData("2035-12-28", 1)]
    [InlineData("2016-01-04", -1)]
    [InlineData("2026-06-15", 100_000)]
    [InlineData("2026-06-15", int.MinValue)]
    public void AddBusinessDays_ResultOutsideCoverage_Throws(string from, int days)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Japan.AddBusinessDays(D(from), days));

        Assert.Contains("covers 2016–2035", ex.Message, StringComparison.Ordinal);
        Assert.Equal("days", ex.ParamName);
    }

    [Fact]
    public void IsClosingDay_AnyYear_DoesNotNeedCoverage()
    {
        Assert.True(Japan.IsClosingDay(new DateOnly(2040, 12, 31)));
        Assert.False(Japan.IsClosingDay(new DateOnly(2040, 12, 28)));
    }

    [Fact]
    public void Load_CustomClosingDays_AreNotBusinessDays()
    {
        using var reader = new StringReader("date,name\n2026-01-01,元日\n2027-01-01,元日\n");

        var calendar = BusinessCalendar.Load(reader, [ClosingDays.Parse("08-13..08-14")]);

        Assert.Equal(new DateOnly(2026, 1, 1), calendar.FirstCoveredDate);
        Assert.Equal(new DateOnly(2027, 12, 31), calendar.LastCoveredDate);
        Assert.False(calendar.IsBusinessDay(new DateOnly(2026, 8, 13)));
        Assert.False(calendar.IsBusinessDay(new DateOnly(2026, 8, 14)));
        Assert.True(calendar.IsBusinessDay(new DateOnly(2026, 12, 30))); // no year-end closing here
        Assert.False(calendar.IsBusinessDay(new DateOnly(2026, 1, 1)));
        Assert.True(calendar.IsHoliday(new DateOnly(2027, 1, 1), out var name));
        Assert.Equal("元日", name);
    }

    [Fact]
    public void Load_NoClosingDays_OnlyWeekendsAndHolidays()
    {
        using var reader = new StringReader("date,name\r\n2026-01-01,元日\r\n\r\n");

        var calendar = BusinessCalendar.Load(reader, []);

        Assert.True(calendar.IsBusinessDay(new DateOnly(2026, 1, 2)));
        Assert.Equal(new DateOnly(2026, 1, 2), calendar.AddBusinessDays(new DateOnly(2025 + 1, 1, 1), 1));
    }

    [Fact]
    public void Load_EmbeddedResourceText_EqualsTheCsvFile()
    {
        // The committed CSV is what the assembly embeds.
        using var stream = typeof(BusinessCalendar).Assembly.GetManifestResourceStream(BusinessCalendar.JapanHolidaysResource);
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("date,name", lines[0]);
        Assert.Equal(363, lines.Length); // header + 362 holidays
    }

    [Theory]
    [InlineData("", 1, "the file is empty")]
    [InlineData("day,name\n2026-01-01,元日\n", 1, "header is 'day,name'")]
    [InlineData("date,name\n2026-01-01 元日\n", 2, "has no comma")]
    [InlineData("date,name\n2026-01-01,元日\n2026-13-01,x\n", 3, "'2026-13-01' is not a date")]
    [InlineData("date,name\n2026-01-01,元日\n2026/02/11,建国記念の日\n", 3, "'2026/02/11' is not a date")]
    [InlineData("date,name\n2026-01-01,元日\n\n2026-02-11,\n", 4, "has no name")]
    [InlineData("date,name\n2026-01-01,元日,extra\n", 2, "more than two fields")]
    [InlineData("date,name\n2026-02-11,建国記念の日\n2026-01-01,元日\n", 3, "out of order")]
    [InlineData("date,name\n2026-01-01,元日\n2026-01-01,元日\n", 3, "listed twice")]
    [InlineData("date,name\n", 1, "lists no holidays")]
    public void Load_MalformedFile_NamesLineAndReason(string csv, int line, string reason)
    {
        using var reader = new StringReader(csv);

        var ex = Assert.Throws<DomainFormatException>(() => BusinessCalendar.Load(reader, []));

        Assert.Contains($"line {line}:", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_YearWithoutHolidays_IsRejected()
    {
        using var reader = new StringReader("date,name\n2026-01-01,元日\n2028-01-01,元日\n");

        var ex = Assert.Throws<DomainFormatException>(() => BusinessCalendar.Load(reader, []));

        Assert.Contains("no holiday in 2027", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => BusinessCalendar.Load(null!, []));
        Assert.Throws<ArgumentNullException>(() => BusinessCalendar.Load(new StringReader("date,name"), null!));
    }

    [Property(Arbitrary = [typeof(CalendarArbitraries)])]
    public bool AddBusinessDays_ForwardThenBack_ReturnsToBusinessDay(DateOnly date, byte days)
    {
        var n = (days % 60) + 1;
        var forward = Japan.AddBusinessDays(date, n);
        var back = Japan.AddBusinessDays(forward, -n);

        // Forward lands on a business day; stepping back as many lands on date if it is a business day,
        // otherwise on the last business day before it.
        return Japan.IsBusinessDay(forward)
            && forward > date
            && (Japan.IsBusinessDay(date) ? back == date : back == Japan.AddBusinessDays(date, -1));
    }
}

public static class CalendarArbitraries
{
    /// <summary>Dates well inside 2016–2035, so that ±61 business days stay covered.</summary>
    public static Arbitrary<DateOnly> Dates() =>
        Gen.Choose(new DateOnly(2016, 6, 1).DayNumber, new DateOnly(2035, 6, 30).DayNumber)
            .Select(DateOnly.FromDayNumber)
            .ToArbitrary();
}
