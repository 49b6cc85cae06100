using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Hosting.Tests.InternalAuth;

/// <summary>
/// The internal caller proof on its own clock: a remembered proof still expires, the signer re-uses a proof for
/// half its lifetime and then mints a new one.
/// </summary>
public sealed class InternalCallerVerifierTests : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));

    private InternalCallerVerifier Verifier() => new(
        new InternalCallerTrust
        {
            Audience = "metering",
            Callers = [new InternalCaller("gateway", InternalCallerKey.PublicOnly(key), [new InternalRoute("GET", "/internal/v1/supply-points/")])],
        },
        clock);

    [Fact]
    public void Verify_RememberedProofPastItsExpiry_IsRefused()
    {
        var verifier = Verifier();
        var proof = InternalCallerToken.Create(key, "gateway", "metering", clock.GetUtcNow().AddMinutes(2));
        Assert.Equal("gateway", verifier.Verify(proof, out _)?.Name);

        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(verifier.Verify(proof, out var reason));
        Assert.Equal("internal caller proof expired", reason);
    }

    [Fact]
    public void Verify_UnknownIssuer_IsRefused()
    {
        var proof = InternalCallerToken.Create(key, "someone", "metering", clock.GetUtcNow().AddMinutes(1));

        Assert.Null(Verifier().Verify(proof, out var reason));
        Assert.Equal("internal caller not trusted", reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("v1.a.b")]
    [InlineData("v2.AAAA.AAAA")]
    [InlineData("v1.!!!.???")]
    public void Verify_MalformedProof_IsRefused(string proof)
    {
        Assert.Null(Verifier().Verify(proof, out var reason));
        Assert.NotEqual(string.Empty, reason);
    }

    [Fact]
    public void Signer_WithinHalfLifetime_ReusesThenRenews()
    {
        var signer = new InternalCallerSigner(key, "gateway", clock);
        var first = signer.TokenFor("metering");

        clock.Advance((InternalCallerSigner.Lifetime / 2) - TimeSpan.FromSeconds(1));
        var same = signer.TokenFor("metering");
        clock.Advance(TimeSpan.FromSeconds(1));
        var renewed = signer.TokenFor("metering");

        Assert.Equal(first, same);
        Assert.NotEqual(first, renewed);
        Assert.Equal("gateway", Verifier().Verify(renewed, out _)?.Name);
        Assert.NotEqual(first, signer.TokenFor("switching"));
    }

    public void Dispose() => key.Dispose();
}
