using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.Envelope;

/// <summary>The market's request envelope on a kind's own route (SW120–SW122), against SQLite and PostgreSQL.</summary>
public abstract class EnvelopeRulesTests : StoreTests
{
    private static readonly ApplicationContent MovingOut = new(MoveOutReason: "01");

    [SkippableFact]
    public async Task SwitchIn_LowVoltageAndFitCodesWithFlag1_Accepted()
    {
        await using var h = await StartAsync();

        var low = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null, Envelope: new("05", "1")), "in", true, default);
        var fit = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null, Envelope: new("16")), "in", false, default);

        Assert.True(low.Accepted, string.Join("; ", low.Errors.Select(e => e.Message)));
        Assert.True(fit.Accepted, string.Join("; ", fit.Errors.Select(e => e.Message)));
        Assert.Equal(ApplicationKinds.SwitchIn, (await h.Queries.GetApplicationAsync(New, fit.Result!.Number, default))!.Kind);
    }

    [SkippableFact]
    public async Task SwitchOutRoute_SwitchInCode_RefusedNamingBothInBothLanguages_NothingStored()
    {
        await using var h = await StartAsync();

        var outcome = await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, null, Envelope: new("05", "1")), "out", false, default);

        var error = Assert.Single(outcome.Errors);
        Assert.Equal((EnvelopeKindRule.ErrorCode, "envelope.applicationKind"), (error.Code, error.Field));
        Assert.Contains("申込種別 05", error.Message, StringComparison.Ordinal);
        Assert.Contains("IF_10610", error.Message, StringComparison.Ordinal);
        Assert.Contains("IF_10710", error.Message, StringComparison.Ordinal);
        Assert.Contains("03 or 14", error.Message, StringComparison.Ordinal);
        Assert.Contains("スイッチング開始申込", error.MessageJa, StringComparison.Ordinal);
        Assert.Contains("スイッチング廃止申込", error.MessageJa, StringComparison.Ordinal);
        Assert.Empty(await h.Queries.ListApplicationsAsync(Old, 10, default));
    }

    [SkippableFact]
    public async Task MoveOut_Code01WithRemoval_Refused_Code02Or01WithoutRemoval_Accepted()
    {
        await using var h = await StartAsync();
        var date = new DateOnly(2026, 12, 20);

        var removal01 = await h.MoveOuts.SubmitAsync(Third, new MoveOutRequest(ThirdsPoint, date, true, MovingOut, new("01")), null, true, default);
        var removal02 = await h.MoveOuts.SubmitAsync(Third, new MoveOutRequest(ThirdsPoint, date, true, MovingOut, new("02")), null, true, default);
        var kept01 = await h.MoveOuts.SubmitAsync(Third, new MoveOutRequest(ThirdsPoint, date, false, MovingOut, new("12")), null, true, default);

        var error = Assert.Single(removal01.Errors);
        Assert.Equal(EnvelopeKindRule.ErrorCode, error.Code);
        Assert.Contains("removeFacilities", error.Message, StringComparison.Ordinal);
        Assert.True(removal02.Accepted, string.Join("; ", removal02.Errors.Select(e => e.Message)));
        Assert.True(kept01.Accepted, string.Join("; ", kept01.Errors.Select(e => e.Message)));
    }

    [SkippableFact]
    public async Task UnknownCodes_EachNamedBySW120()
    {
        await using var h = await StartAsync();

        var unknown = await h.AmpereChanges.SubmitAsync(Old, new AmpereChangeRequest(Point, 40, new DateOnly(2026, 12, 10), Envelope: new("09", "4")), null, true, default);
        var numberWithNew = await h.AmpereChanges.SubmitAsync(Old, new AmpereChangeRequest(Point, 40, new DateOnly(2026, 12, 10), Envelope: new("06", "1", "A202612010001")), null, true, default);

        Assert.Equal(
            [(EnvelopeCodeRule.ErrorCode, "envelope.applicationKind"), (EnvelopeCodeRule.ErrorCode, "envelope.updateFlag")],
            unknown.Errors.Select(e => (e.Code, e.Field)));
        Assert.Equal((EnvelopeCodeRule.ErrorCode, "envelope.applicationNumber"), (Assert.Single(numberWithNew.Errors).Code, numberWithNew.Errors[0].Field));
    }

    [SkippableFact]
    public async Task KindsOwnRoute_CorrectionOrWithdrawalFlag_RefusedBySW122()
    {
        await using var h = await StartAsync();

        var outcome = await h.CustomerDetails.SubmitAsync(
            Old, new CustomerDetailsRequest(Point, "K-0001", "山田花子", "ヤマダハナコ", "東京都千代田区丸の内1-1", "0312345678", Envelope: new("07", "3", "A202612010001")), "cd", false, default);

        Assert.Equal(EnvelopeNewRule.ErrorCode, Assert.Single(outcome.Errors).Code);
        Assert.Empty(await h.Queries.ListApplicationsAsync(Old, 10, default));
    }

    [SkippableFact]
    public async Task UsageInformation_Code08Granted_AnotherCodeOrAWithdrawalRefused_NoPasswordFailureCounted()
    {
        await using var h = await StartAsync();
        var issued = (await h.Usage.IssueConsentPasswordAsync(Old, Point, new ConsentPasswordRequest("7d"), "p-7d", default))!.Result!;

        var wrongKind = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, "wrong", new("05")), "u1", default);
        var withdrawal = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, issued.Password, new("08", "3", "A202612010001")), "u2", default);
        var granted = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, issued.Password, new("08", "1")), "u3", default);

        var error = Assert.Single(wrongKind.Errors);
        Assert.Equal(EnvelopeKindRule.ErrorCode, error.Code);
        Assert.Contains("IF_10210", error.Message, StringComparison.Ordinal);
        Assert.Contains("使用量情報照会申請", error.MessageJa, StringComparison.Ordinal);
        Assert.Equal(EnvelopeNewRule.ErrorCode, Assert.Single(withdrawal.Errors).Code);
        Assert.True(granted.Accepted, string.Join("; ", granted.Errors.Select(e => e.Message)));
        Assert.Empty(await h.Context().ConsentAttempts.Where(a => a.Failures > 0).ToListAsync());
    }
}

public sealed class SqliteEnvelopeRulesTests : EnvelopeRulesTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresEnvelopeRulesTests : EnvelopeRulesTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
