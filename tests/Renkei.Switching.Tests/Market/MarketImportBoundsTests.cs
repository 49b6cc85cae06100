using System.Text;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Market;
using Renkei.Switching.Tests.Support;

namespace Renkei.Switching.Tests.Market;

/// <summary>
/// A market file's bytes into a real SQLite store: an empty file, a line that is not UTF-8 and a contract from
/// 9999-12-31 were accepted; each is now refused, every fault listed, and nothing is written.
/// </summary>
public sealed class MarketImportBoundsTests
{
    [Fact]
    public async Task EmptyFile_IsRejectedAsAWhole_NothingWritten()
    {
        await using var database = new SqliteTestDatabase();
        await database.MigrateAsync();
        await using var db = database.CreateContext();

        var result = await MarketImport.ImportAsync(db, ReadOnlyMemory<byte>.Empty);

        Assert.False(result.Accepted);
        Assert.Equal("file: the market file holds no record; expected retailer, supply_point, holder and contract lines", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public async Task InvalidUtf8AndFarDate_EveryFaultListed_NothingWritten()
    {
        await using var database = new SqliteTestDatabase();
        await database.MigrateAsync();
        byte[] file =
        [
            .. Encoding.UTF8.GetBytes("retailer,R0001,旧電力\nretailer,R0002,"),
            0xFF,
            .. Encoding.UTF8.GetBytes("\nsupply_point,0300000000000000000001,東京都千代田区丸の内1-1,,,30,,,,,,\ncontract,0300000000000000000001,R0001,9999-12-31,\n"),
        ];
        await using var db = database.CreateContext();

        var result = await MarketImport.ImportAsync(db, file);

        Assert.False(result.Accepted);
        Assert.Contains(result.Errors, e => e.ToString() == "line 2: retailer.name: is not valid UTF-8");
        Assert.Contains(result.Errors, e => e.Line == 4 && e.Field == "contract.start_date");
        await using var check = database.CreateContext();
        Assert.Equal(0, await check.Retailers.CountAsync());
    }
}
