using Renkei.Formats.Switching.Bulk;

namespace Renkei.Formats.Tests.Fuzz;

/// <summary>What the fuzz tests found, kept as plain cases so a fix cannot slip back.</summary>
public sealed class FuzzFindingsTests
{
    /// <summary>An empty header column was reported as <c>line 1: : unknown column ''</c>, a fault without a field.</summary>
    [Fact]
    public void BulkFiles_EmptyHeaderColumn_IsAFaultOfTheHeader()
    {
        var switchIns = BulkKinds.SwitchIns.Parse(",supply_point_id,switch_date\n0300000000000000000001,2026-12-15\n").FileErrors;
        var relays = BulkKinds.CancellationRelays.Parse("supply_point_id,,contract_number,holder_name,address,wished_date\n0300000000000000000001,,C-1,山田,東京,2026-12-15\n").FileErrors;

        Assert.Contains(switchIns, e => e.Line == 1 && e.Field == "header" && e.Message.StartsWith("unknown column ''", StringComparison.Ordinal));
        Assert.Contains(relays, e => e.Line == 1 && e.Field == "header" && e.Message.StartsWith("unknown column ''", StringComparison.Ordinal));
        Assert.All(switchIns.Concat(relays), e => Assert.NotEmpty(e.Field));
    }
}
