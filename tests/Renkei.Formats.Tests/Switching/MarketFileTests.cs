using Renkei.Formats.Switching;

namespace Renkei.Formats.Tests.Switching;

public sealed class MarketFileTests
{
    [Fact]
    public void Parse_GoodFile_RecordsWithLinesAndDefaults()
    {
        var records = MarketFile.Parse("""
            # a comment
            retailer,R0001,東京電力
            supply_point,0300000000000000000001,東京都港区1-1,,,30,,,,,,
            holder,0300000000000000000001,R0001,K-1,山田太郎,ヤマダタロウ,東京都港区1-1,
            contract,0300000000000000000001,R0001,2016-04-01,
            """);

        Assert.Empty(records.Errors);
        Assert.Equal((2, new MarketRetailer("R0001", "東京電力")), records.Retailers.Single());
        Assert.Equal(
            (3, new MarketSupplyPoint("0300000000000000000001", 3, "東京都港区1-1", "low", string.Empty, 30, null, "smart", true, 1, "done", null)),
            records.Points.Single());
        Assert.Equal(4, records.Holders.Single().Line);
        Assert.Equal((5, new MarketContract("0300000000000000000001", "R0001", new DateOnly(2016, 4, 1), null)), records.Contracts.Single());
    }

    [Fact]
    public void Parse_SupplyPointWithReadingSchedule_KeepsTheCode()
    {
        var records = MarketFile.Parse("""
            supply_point,0300000000000000000001,東京都港区1-1,extra,,,2000,,,,,,08
            supply_point,0300000000000000000002,東京都港区1-2,,,,,,,,,,a-1
            """);

        Assert.Equal(("extra", "08"), (records.Points.Single().Point.VoltageClass, records.Points.Single().Point.ReadingSchedule));
        Assert.Equal("line 2: supply_point.reading_schedule: 'a-1' is not a schedule code: 1 to 8 digits or capital letters", records.Errors.Single().ToString());
    }

    [Fact]
    public void Parse_FaultsOfForm_EveryFaultWithLineFieldAndMessage()
    {
        var records = MarketFile.Parse("""
            supply_point,0300000000000000000008,東京都港区1-8,medium,,30,,analog,yes,31,done,
            contract,0300000000000000000009,R0003,2021-01-01,2020-01-01
            widget,1,2
            contract,0300000000000000000009,R0003
            """);

        Assert.Equal(
            [
                "line 1: supply_point.voltage_class: 'medium' is not one of low, high, extra",
                "line 1: supply_point.meter_type: 'analog' is not one of smart, conventional",
                "line 1: supply_point.remote_reading: 'yes' is not one of true, false",
                "line 1: supply_point.reading_day: '31' is not a whole number from 1 to 28",
                "line 2: contract.end_date: 2020-01-01 is not after start_date 2021-01-01 (the end is exclusive)",
                "line 3: kind: 'widget' is not a record kind (retailer, supply_point, holder, contract)",
                "line 4: contract: a contract line has 5 fields (kind, supply_point_id, retailer_code, start_date, end_date), this one 3",
            ],
            records.Errors.Select(e => e.ToString()).ToArray());
        Assert.Empty(records.Points);
        Assert.Empty(records.Contracts);
    }
}

public sealed class MarketFileBoundsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n")]
    public void Parse_FileWithoutRecords_IsAFaultOfTheFile(string text)
    {
        var records = MarketFile.Parse(text);

        Assert.Equal("file: the market file holds no record; expected retailer, supply_point, holder and contract lines", Assert.Single(records.Errors).ToString());
    }

    [Fact]
    public void Parse_InvalidUtf8_NamesTheLineAndField_AndListsTheOtherFaults()
    {
        byte[] bytes =
        [
            .. System.Text.Encoding.UTF8.GetBytes("retailer,R0001,東京電力\nretailer,R0002,"),
            0xE6, 0x9D,
            .. System.Text.Encoding.UTF8.GetBytes("\ncontract,0300000000000000000001,R0001,9999-12-31,\n"),
        ];

        var records = MarketFile.Parse(bytes);

        Assert.Equal(
            [
                "line 2: retailer.name: is not valid UTF-8",
                "line 3: contract.start_date: '9999-12-31' is outside the accepted dates, 2000-01-01 to 2099-12-31 (Japan time); leave an open end empty",
            ],
            records.Errors.Select(e => e.ToString()).ToArray());
        Assert.Equal("R0001", Assert.Single(records.Retailers).Retailer.Code);
    }

    [Theory]
    [InlineData("contract,0300000000000000000001,R0001,2016-04-01,9999-12-31", "contract.end_date")]
    [InlineData("contract,0300000000000000000001,R0001,1999-12-31,", "contract.start_date")]
    [InlineData("supply_point,0300000000000000000001,東京都港区1-1,,,30,,,,,planned,2100-01-01", "supply_point.smart_meter_replacement_date")]
    public void Parse_DateOutsideTheAcceptedRange_IsRefused(string line, string field)
    {
        var records = MarketFile.Parse(line + "\n");

        Assert.Contains(records.Errors, e => e.Line == 1 && e.Field == field && e.Message.Contains("outside the accepted dates", StringComparison.Ordinal));
    }
}
