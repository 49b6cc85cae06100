using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.IF_10610_SwitchIn;

/// <summary>スイッチング開始 (IF_10610) with the market's items: the old retailer checked, stored and polled; against SQLite and PostgreSQL.</summary>
public abstract class SwitchInContentTests : StoreTests
{
    private static readonly ApplicationContent Items = new(
        Applicant: new Applicant("2", "新電力 担当", new PhoneParts("03", "1234", "5678")),
        TariffConsent: true,
        OldRetailerCode: Old,
        OldCustomerNumber: "C-000123",
        ServiceMenu: "01",
        ContractDecisionMethod: "1",
        DesiredAmperes: 30,
        ReadingDay: "1",
        FacilityChange: false);

    [SkippableFact]
    public async Task SwitchIn_WithItsItems_StoredAndShownInTheStatusPoll()
    {
        await using var h = await StartAsync();

        var result = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null, Items), "s", false, default);
        var polled = await h.Queries.GetApplicationAsync(New, result.Result!.Number, default);

        Assert.True(result.Accepted);
        Assert.Equal(Items, result.Result.Content);
        Assert.Equal(Items, polled!.Content);
    }

    [SkippableFact]
    public async Task SwitchIn_OldRetailerNotTheCurrentOne_OrConsentRefused_Refused()
    {
        await using var h = await StartAsync();

        var wrongOld = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null, Items with { OldRetailerCode = Third }), "a", false, default);
        var noConsent = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null, Items with { TariffConsent = false }), "b", false, default);
        var badPhone = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null, Items with { Applicant = Items.Applicant! with { Phone = new PhoneParts("03", null, "56789") } }), "c", false, default);

        Assert.Equal([(OldRetailerRule.ErrorCode, "content.oldRetailerCode")], wrongOld.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.Equal([(TariffConsentRule.ErrorCode, "content.tariffConsent")], noConsent.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.Equal(
            [(ContentRequiredRule.ErrorCode, "content.applicant.phone.localCode"), (PhoneShapeRule.ErrorCode, "content.applicant.phone.subscriber")],
            badPhone.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.False(await h.Context().Applications.AnyAsync(a => a.Kind == ApplicationKinds.SwitchIn));
    }
}

public sealed class SqliteSwitchInContentTests : SwitchInContentTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresSwitchInContentTests : SwitchInContentTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
