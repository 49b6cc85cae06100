using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.IF_10410_MoveIn;

/// <summary>再点 (IF_10410) with the market's items: required, validated, stored and shown in the status poll; against SQLite and PostgreSQL.</summary>
public abstract class MoveInContentTests : StoreTests
{
    [SkippableFact]
    public async Task MoveIn_WithoutItsItems_RefusedNamingEachAndNothingStored()
    {
        await using var h = await StartAsync();

        var result = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, MoveInDate), "m", false, default);

        Assert.False(result.Accepted);
        Assert.Equal(
            ["content.siteVisit", "content.moveInTime", "content.serviceMenu", "content.contractDecisionMethod", "content.tariffConsent", "content.customer"],
            result.Errors.Where(e => e.Code == ContentRequiredRule.ErrorCode).Select(e => e.Field).ToArray());
        Assert.False(await h.Context().WheelingContracts.AnyAsync(c => c.SupplyPointId == VacantPoint));
        Assert.False(await h.Context().ApplicationContents.AnyAsync());
    }

    [SkippableFact]
    public async Task MoveIn_WithItsItems_StoredAndShownInTheStatusPoll()
    {
        await using var h = await StartAsync();

        var result = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, MoveInDate, Contents.MoveIn), "m", false, default);
        var polled = await h.Queries.GetApplicationAsync(New, result.Result!.Number, default);

        Assert.True(result.Accepted);
        Assert.Equal(Contents.MoveIn, polled!.Content);
        Assert.Equal(Contents.MoveIn.SiteVisit, polled.Content!.SiteVisit);
        Assert.Equal(Contents.MoveIn.Customer, polled.Content.Customer);
    }

    [SkippableFact]
    public async Task MoveIn_ConsentRefusedOrVisitWithoutPerson_Refused()
    {
        await using var h = await StartAsync();

        var noConsent = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, MoveInDate, Contents.MoveIn with { TariffConsent = false }), "a", false, default);
        var noPerson = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, MoveInDate, Contents.MoveIn with { SiteVisit = new SiteVisit(true, MoveInDate.AddDays(3), "2", null) }), "b", false, default);
        var noAmperes = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, MoveInDate, Contents.MoveIn with { DesiredAmperes = null }), "c", false, default);

        Assert.Equal([(TariffConsentRule.ErrorCode, "content.tariffConsent")], noConsent.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.Equal([(ContentRequiredRule.ErrorCode, "content.siteVisit.person")], noPerson.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.Equal([(DesiredAmperesRule.ErrorCode, "content.desiredAmperes")], noAmperes.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.False(await h.Context().WheelingContracts.AnyAsync(c => c.SupplyPointId == VacantPoint));
    }

    [SkippableFact]
    public async Task MoveIn_CustomerItemsBreakingCharacterRules_RefusedNamingTheField()
    {
        await using var h = await StartAsync();
        var customer = Contents.MoveIn.Customer! with { Name = "𠮷田 太郎", NameKana = "ﾖｼﾀﾞ", PostalCode = "1000", Phone = new PhoneParts("3", "1234", "5678") };

        var result = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, MoveInDate, Contents.MoveIn with { Customer = customer }), "m", false, default);

        Assert.Equal(
            [
                (Ms932CharacterRule.ErrorCode, "content.customer.name"),
                (KatakanaRule.ErrorCode, "content.customer.nameKana"),
                (PostalCodeRule.ErrorCode, "content.customer.postalCode"),
                (PhoneShapeRule.ErrorCode, "content.customer.phone.areaCode"),
            ],
            result.Errors.Select(e => (e.Code, e.Field)).ToArray());
    }

    [SkippableFact]
    public async Task MoveIn_ItemOfAnotherKind_Refused()
    {
        await using var h = await StartAsync();

        var result = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, MoveInDate, Contents.MoveIn with { MoveOutReason = "01" }), "m", false, default);

        Assert.Equal([(ContentAppliesRule.ErrorCode, "content.moveOutReason")], result.Errors.Select(e => (e.Code, e.Field)).ToArray());
    }
}

public sealed class SqliteMoveInContentTests : MoveInContentTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresMoveInContentTests : MoveInContentTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
