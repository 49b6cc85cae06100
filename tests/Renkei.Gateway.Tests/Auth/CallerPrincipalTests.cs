using System.Security.Claims;
using Renkei.Gateway.Callers;

namespace Renkei.Gateway.Tests.Auth;

/// <summary>
/// The claims a remembered token's principal carries for the per-request checks, taken out once
/// (<see cref="CallerPrincipal"/>): they must be what reading the claims each time gave.
/// </summary>
public sealed class CallerPrincipalTests
{
    [Fact]
    public void ValidatedPrincipal_ItsFacts_AreTheClaimsFindFirstReads()
    {
        var validated = Principal(
            new Claim("sub", "r0001-system"),
            new Claim(RenkeiClaims.RetailerCode, "R0001"),
            new Claim("oi_tkn_id", "token-1"),
            new Claim(RenkeiClaims.Confirmation, "{\"x5t#S256\":\"abc_-DEF\"}"));

        var caller = new CallerPrincipal(validated);

        Assert.True(caller.Identity?.IsAuthenticated);
        Assert.Equal("r0001-system", caller.Subject);
        Assert.Equal("r0001-system", CallerPrincipal.ClientIdOf(caller));
        Assert.Equal("R0001", CallerPrincipal.RetailerCodeOf(caller));
        Assert.Equal("token-1", CallerPrincipal.TokenIdOf(caller));
        Assert.True(CallerPrincipal.IsBound(caller, out var thumbprint));
        Assert.Equal("abc_-DEF", thumbprint);

        // The same answers for the principal OpenIddict gave (read claim by claim, as for any other principal).
        Assert.Equal(caller.Subject, CallerPrincipal.SubjectOf(validated));
        Assert.Equal(caller.RetailerCode, CallerPrincipal.RetailerCodeOf(validated));
        Assert.Equal(caller.TokenId, CallerPrincipal.TokenIdOf(validated));
        Assert.True(CallerPrincipal.IsBound(validated, out var fromClaims));
        Assert.Equal(thumbprint, fromClaims);
        Assert.Equal(validated.Claims.Select(c => (c.Type, c.Value)), caller.Claims.Select(c => (c.Type, c.Value)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[\"x5t#S256\"]")]
    [InlineData("{\"x5t#S256\":42}")]
    [InlineData("{\"other\":\"abc\"}")]
    public void MalformedConfirmation_IsBoundWithNoThumbprint(string cnf)
    {
        var caller = new CallerPrincipal(Principal(new Claim("sub", "r0001-system"), new Claim(RenkeiClaims.Confirmation, cnf)));

        // Bound with no usable thumbprint: TokenStatusMiddleware refuses it whatever certificate is presented.
        Assert.True(CallerPrincipal.IsBound(caller, out var thumbprint));
        Assert.Null(thumbprint);
    }

    [Fact]
    public void TokenWithoutTokenIdOrConfirmation_FallsBackToJtiAndIsNotBound()
    {
        var caller = new CallerPrincipal(Principal(new Claim(ClaimTypes.NameIdentifier, "someone"), new Claim("jti", "jti-1")));

        Assert.Null(caller.Subject);
        Assert.Equal("someone", CallerPrincipal.ClientIdOf(caller));
        Assert.Equal("jti-1", CallerPrincipal.TokenIdOf(caller));
        Assert.False(CallerPrincipal.IsBound(caller, out var thumbprint));
        Assert.Null(thumbprint);
    }

    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, "Bearer"));
}
