using Renkei.Formats.Switching;

namespace Renkei.Formats.Tests.Switching;

public sealed class RelaysFileTests
{
    private const string Header = "supply_point_id,contract_number,holder_name,holder_name_kana,address,wished_date,contact,phone";

    [Fact]
    public void Parse_WellFormed_EmptyColumnsAreNull()
    {
        var (rows, errors) = RelaysFile.Parse($"{Header}\n0300000000000000000001,K-1,山田太郎,,東京都港区1-1,2026-12-15,,\n");

        Assert.Empty(errors);
        var row = Assert.Single(rows);
        Assert.Equal(new RelayRow(2, "0300000000000000000001", "K-1", "山田太郎", null, "東京都港区1-1", new DateOnly(2026, 12, 15), null, null), row);
    }

    [Fact]
    public void Parse_MissingRequiredColumnAndBadDate_EveryErrorWithItsLine()
    {
        var (rows, errors) = RelaysFile.Parse("supply_point_id,contract_number,holder_name,address\n0300000000000000000001,K-1,山田,港区\n");

        Assert.Empty(rows);
        Assert.Equal([(1, "wished_date", "the column wished_date is required")], errors.Select(e => (e.Line, e.Field, e.Message)).ToArray());

        (rows, errors) = RelaysFile.Parse($"{Header}\n0300000000000000000001,K-1,山田,,港区,2026-13-01,,\n");
        Assert.Equal([(2, "wished_date", "'2026-13-01' is not a date YYYY-MM-DD")], errors.Select(e => (e.Line, e.Field, e.Message)).ToArray());
    }

    [Fact]
    public void Parse_SamePointTwiceAndANul_EveryRowReported()
    {
        var (rows, errors) = RelaysFile.Parse(
            "supply_point_id,contract_number,holder_name,address,wished_date\n" +
            "0300000000000000000001,C1,山田,東京都,2026-12-15\n" +
            "0300000000000000000002,C2,佐藤\0,東京都,2026-12-15\n" +
            "0300000000000000000001,C3,鈴木,東京都,2026-12-15\n");

        Assert.Empty(rows);
        Assert.Equal([(2, "supply_point_id"), (3, "holder_name"), (4, "supply_point_id")], errors.Select(e => (e.Line, e.Field)));
    }

    [Fact]
    public void Result_AcceptedRows_OneLineEach()
    {
        var csv = RelaysFile.Result([new RelayResult(2, "C000000000001", "0300000000000000000001", "01", "R0001", new DateOnly(2026, 12, 15), new DateOnly(2026, 12, 8))]);

        Assert.Equal("line,relay_number,supply_point_id,status,current_retailer_code,wished_date,deadline\n2,C000000000001,0300000000000000000001,01,R0001,2026-12-15,2026-12-08\n", csv);
    }
}
