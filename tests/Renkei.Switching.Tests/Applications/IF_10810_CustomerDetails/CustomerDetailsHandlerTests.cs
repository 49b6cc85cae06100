using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.Correction;
using Renkei.Switching.Applications.Deadlines;
using Renkei.Switching.Applications.IF_10210_UsageInformation;
using Renkei.Switching.Applications.IF_10410_MoveIn;
using Renkei.Switching.Applications.IF_10510_MoveOut;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Withdrawal;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.IF_10810_CustomerDetails;

/// <summary>需要者情報変更 (IF_10810): the current retailer's holder record is replaced; against SQLite and PostgreSQL.</summary>
public abstract class CustomerDetailsHandlerTests : StoreTests
{
    [SkippableFact]
    public async Task CustomerDetails_CurrentRetailer_ReplacesHolderRecord()
    {
        await using var h = await StartAsync();

        var result = await h.CustomerDetails.SubmitAsync(Old, new CustomerDetailsRequest(Point, "K-0002", "山田花子", "ヤマダハナコ", "東京都千代田区丸の内1-1", null), "c", false, default);
        var missing = await h.CustomerDetails.SubmitAsync(Old, new CustomerDetailsRequest(Point, null, null, null, "x", null), "d", false, default);

        Assert.True(result.Accepted);
        var holder = await h.Context().ContractHolders.SingleAsync(x => x.SupplyPointId == Point && x.RetailerCode == Old);
        Assert.Equal(("K-0002", "山田花子"), (holder.CustomerNumber, holder.Name));
        Assert.Equal(["customerNumber", "name"], missing.Errors.Select(e => e.Field).ToArray());
    }
}

public sealed class SqliteCustomerDetailsHandlerTests : CustomerDetailsHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresCustomerDetailsHandlerTests : CustomerDetailsHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
