using Renkei.Switching.Bulk;

namespace Renkei.Switching.Tests.Bulk;

public sealed class BulkUploadsTests
{
    [Fact]
    public void ParseSwitchIns_FaultsOfForm_BatchErrorsWithTheFileCode()
    {
        var (rows, errors) = BulkUploads.ParseSwitchIns("supply_point_id,switch_date\n123,2026-12-15\n");

        Assert.Empty(rows);
        var error = Assert.Single(errors);
        Assert.Equal((2, BulkUploads.MalformedCode, "supply_point_id", "ファイル形式の誤り"), (error.Line, error.Code, error.Field, error.MessageJa));
    }

    [Fact]
    public void ParseSwitchIns_WellFormed_RequestsWithTheirLines()
    {
        var (rows, errors) = BulkUploads.ParseSwitchIns("supply_point_id,switch_date,relay_number\n0300000000000000000001,2026-12-15,C000000000001\n");

        Assert.Empty(errors);
        Assert.Equal((2, "0300000000000000000001", new DateOnly(2026, 12, 15), "C000000000001"), (rows[0].Line, rows[0].Request.SupplyPointId, rows[0].Request.SwitchDate, rows[0].Request.RelayNumber));
    }
}
