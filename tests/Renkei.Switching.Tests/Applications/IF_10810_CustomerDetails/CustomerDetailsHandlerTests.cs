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
using Renkei.Switching.Applications.Validation.Characters;
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

    [SkippableFact]
    public async Task CustomerDetails_NameOverEightyMs932Bytes_IsRefusedAndNothingChanges()
    {
        await using var h = await StartAsync();

        var fits = await h.CustomerDetails.SubmitAsync(Old, new CustomerDetailsRequest(Point, "K-0002", new string('漢', 40), "ヤマダハナコ", "東京都千代田区丸の内1-1", "03-1234-5678"), "a", false, default);
        var over = await h.CustomerDetails.SubmitAsync(Old, new CustomerDetailsRequest(Point, "K-0003", new string('漢', 41), "ヤマダハナコ", "東京都千代田区丸の内1-1", "03-1234-5678"), "b", false, default);
        var outside = await h.CustomerDetails.SubmitAsync(Old, new CustomerDetailsRequest(Point, "K-0004", "𠮷田花子", "ヨシダハナコ", "東京都千代田区丸の内1-1", null), "c", false, default);

        Assert.True(fits.Accepted);
        Assert.Equal([(Ms932LengthRule.ErrorCode, "name")], over.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.Equal([(Ms932CharacterRule.ErrorCode, "name")], outside.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.Contains("𠮷", outside.Errors[0].Message, StringComparison.Ordinal);
        var holder = await h.Context().ContractHolders.SingleAsync(x => x.SupplyPointId == Point && x.RetailerCode == Old);
        Assert.Equal("K-0002", holder.CustomerNumber);
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
