using Renkei.Gateway.Staff;

namespace Renkei.Gateway.Tests.Staff;

/// <summary>The screens' staff accounts in the gateway's database: hashed passwords, checked registrations.</summary>
public sealed class StaffDirectoryTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), "renkei-staff-" + Guid.NewGuid().ToString("N") + ".db");

    [Fact]
    public async Task Verify_RightPassword_GivesTheAccount_WrongOrUnknown_Null()
    {
        var directory = await CreateAsync(
            new StaffAccount("r0001-staff", "correct horse battery", "担当者", "R0001"),
            new StaffAccount("operator", "operator password 1", "運用者", null, IsOperator: true, CertificateThumbprint: "abc"));

        var staff = await directory.VerifyAsync("r0001-staff", "correct horse battery", CancellationToken.None);
        var op = await directory.VerifyAsync("operator", "operator password 1", CancellationToken.None);

        Assert.Equal(new StaffMember("r0001-staff", "担当者", "R0001", false, null), staff);
        Assert.Equal(new StaffMember("operator", "運用者", null, true, "abc"), op);
        Assert.Null(await directory.VerifyAsync("r0001-staff", "Correct horse battery", CancellationToken.None));
        Assert.Null(await directory.VerifyAsync("nobody", "correct horse battery", CancellationToken.None));
        Assert.Null(await directory.VerifyAsync("bad name'; --", "x", CancellationToken.None));
    }

    [Fact]
    public async Task Register_StoresOnlyAHashOfThePassword()
    {
        await CreateAsync(new StaffAccount("r0002-staff", "a very secret password", "担当者", "R0002"));

        var bytes = await File.ReadAllBytesAsync(path);

        Assert.DoesNotContain("a very secret password", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_Again_ReplacesThePassword()
    {
        var directory = await CreateAsync(new StaffAccount("r0003-staff", "first password!!", "担当者", "R0003"));

        await directory.RegisterAsync([new StaffAccount("r0003-staff", "second password!", "担当者", "R0003")], CancellationToken.None);

        Assert.Null(await directory.VerifyAsync("r0003-staff", "first password!!", CancellationToken.None));
        Assert.NotNull(await directory.VerifyAsync("r0003-staff", "second password!", CancellationToken.None));
    }

    [Theory]
    [InlineData("ok-user", "short", "R0001", false)]
    [InlineData("ok-user", "long enough password", null, false)]
    [InlineData("ok-user", "long enough password", "R0001", true)]
    [InlineData("bad user", "long enough password", "R0001", false)]
    public async Task Register_InvalidAccount_IsRefused(string user, string password, string? retailer, bool isOperator)
    {
        var directory = new StaffDirectory(path);
        await directory.EnsureCreatedAsync(CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            directory.RegisterAsync([new StaffAccount(user, password, "x", retailer, isOperator)], CancellationToken.None));
    }

    public void Dispose() => File.Delete(path);

    private async Task<StaffDirectory> CreateAsync(params StaffAccount[] accounts)
    {
        var directory = new StaffDirectory(path);
        await directory.EnsureCreatedAsync(CancellationToken.None);
        await directory.RegisterAsync(accounts, CancellationToken.None);
        return directory;
    }
}
