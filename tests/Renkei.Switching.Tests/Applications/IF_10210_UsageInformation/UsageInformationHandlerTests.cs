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

namespace Renkei.Switching.Tests.Applications.IF_10210_UsageInformation;

/// <summary>使用量照会パスワード and 使用量情報照会申請 (IF_10210); against SQLite and PostgreSQL.</summary>
public abstract class UsageInformationHandlerTests : StoreTests
{
    [SkippableFact]
    public async Task UsageInformation_ValidPassword_GrantsThirteenMonthsWithHalfHourlyForSmartMeter()
    {
        await using var h = await StartAsync();
        var issued = (await h.Usage.IssueConsentPasswordAsync(Old, Point, new ConsentPasswordRequest("7d"), "p-7d", default))!.Result!;

        var result = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, issued.Password), "u", default);
        var again = await h.UsageValues.GetUsageGrantAsync(New, result.Result!.ApplicationNumber, default);

        Assert.Equal(12, issued.Password!.Length);
        Assert.Equal(Start.AddDays(7), issued.ValidUntil);
        Assert.Equal((new DateOnly(2025, 10, 1), new DateOnly(2026, 11, 27), true, true), (result.Result.From, result.Result.To, result.Result.Monthly, result.Result.HalfHourly));
        Assert.Equal(result.Result, again);
        Assert.Null(await h.UsageValues.GetUsageGrantAsync(Third, result.Result.ApplicationNumber, default));
        Assert.DoesNotContain(issued.Password, (await h.Context().ConsentPasswords.SingleAsync()).Hash, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UsageInformation_ExpiredPassword_RejectedLikeAWrongOne()
    {
        await using var h = await StartAsync();
        var issued = (await h.Usage.IssueConsentPasswordAsync(Old, Point, new ConsentPasswordRequest("1d"), "p-1d", default))!.Result!;

        h.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var expired = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, issued.Password), "u", default);
        var unknownPoint = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest("0399999999999999999999", issued.Password), "v", default);

        Assert.Equal(expired.Errors, unknownPoint.Errors);
        Assert.Equal(UsageInformationHandler.ConsentRejectedCode, Assert.Single(expired.Errors).Code);
    }

    [SkippableFact]
    public async Task UsageInformation_FiveWrongPasswords_LocksOutEvenTheRightOneFor30Minutes()
    {
        await using var h = await StartAsync();
        var issued = (await h.Usage.IssueConsentPasswordAsync(Old, Point, new ConsentPasswordRequest("1m"), "p-1m", default))!.Result!;

        for (var i = 0; i < UsageInformationHandler.MaxConsentFailures; i++)
        {
            await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, "wrong" + i), "w" + i, default);
        }

        var locked = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, issued.Password), "r", default);
        var otherRetailer = await h.Usage.ApplyForUsageInformationAsync(Third, new UsageInformationRequest(Point, issued.Password), "t", default);
        h.Clock.Advance(TimeSpan.FromMinutes(31));
        var later = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, issued.Password), "s", default);

        Assert.Equal(UsageInformationHandler.ConsentLockedCode, Assert.Single(locked.Errors).Code);
        Assert.True(otherRetailer.Accepted);
        Assert.True(later.Accepted);
    }

    [SkippableFact]
    public async Task ConsentPassword_IssuedByRetailerThatDoesNotSupply_NotFound()
    {
        await using var h = await StartAsync();

        Assert.Null(await h.Usage.IssueConsentPasswordAsync(New, Point, new ConsentPasswordRequest("1d"), "p-1d", default));
        Assert.Equal("SW072", Assert.Single((await h.Usage.IssueConsentPasswordAsync(Old, Point, new ConsentPasswordRequest("2d"), "p-2d", default))!.Errors).Code);
    }
}

public sealed class SqliteUsageInformationHandlerTests : UsageInformationHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresUsageInformationHandlerTests : UsageInformationHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
