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

namespace Renkei.Switching.Tests.Applications.IS_20110_CancellationRelay;

/// <summary>廃止取次登録 (IS_20110): the registration's rules; against SQLite and PostgreSQL.</summary>
public abstract class RelayRegistrationHandlerTests : StoreTests
{
    [SkippableFact]
    public async Task RelayRegistration_MissingIdentityItems_ListsEachField()
    {
        await using var h = await StartAsync();

        var result = await h.Relays.SubmitAsync(New, new RelayRegistrationRequest(Point, null, " ", null, null, null, null, null), "r", false, default);

        Assert.Equal(["contractNumber", "holderName", "address", "wishedDate"], result.Errors.Select(e => e.Field).ToArray());
        Assert.Equal(0, await h.Context().CancellationRelays.CountAsync());
    }
}

public sealed class SqliteRelayRegistrationHandlerTests : RelayRegistrationHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresRelayRegistrationHandlerTests : RelayRegistrationHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
