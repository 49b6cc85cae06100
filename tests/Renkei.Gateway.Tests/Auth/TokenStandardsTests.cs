using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Auth;

/// <summary>
/// Issue 20: the gateway's tokens as a standard resource server and client library see them: discovery (RFC 8414)
/// read by Microsoft.IdentityModel's OpenID Connect configuration manager, the token checked against its JWKS for
/// signature, issuer and audience (RFC 9068 <c>aud</c>), and refusals answered as RFC 6750 says, with problem details.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class TokenStandardsTests(InternalZone zone)
{
    [Fact]
    public async Task AccessToken_ValidatesWithDiscoveryAndJwks_SignatureIssuerAndAudience()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var configuration = await Discover(gateway, client);
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = "renkei-api",
            IssuerSigningKeys = configuration.SigningKeys,
            ValidTypes = ["at+jwt"],
        });

        Assert.True(result.IsValid, result.Exception?.ToString());
        Assert.NotEmpty(configuration.SigningKeys);
        Assert.Equal(["renkei-api"], ((JsonWebToken)result.SecurityToken).Audiences);
        Assert.Equal(new Uri(gateway.Url, "connect/token").ToString(), configuration.TokenEndpoint);
    }

    [Fact]
    public async Task AccessToken_ForAnotherAudience_IsRefusedByAStandardValidator()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var configuration = await Discover(gateway, client);
        var token = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = "some-other-api",
            IssuerSigningKeys = configuration.SigningKeys,
        });

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task Discovery_AdvertisesRevocationAndCertificateBoundTokens()
    {
        var gateway = zone.Shared;
        var configuration = await Discover(gateway, gateway.Client());

        Assert.Equal(new Uri(gateway.Url, "connect/revoke").ToString(), configuration.RevocationEndpoint);
        Assert.Contains("client_secret_basic", configuration.RevocationEndpointAuthMethodsSupported);
        Assert.True(configuration.TlsClientCertificateBoundAccessTokens);
        Assert.Contains("client_credentials", configuration.GrantTypesSupported);
        Assert.Contains("authorization_code", configuration.GrantTypesSupported);
    }

    [Fact]
    public async Task Request_WithoutAToken_Is401WithABearerChallengeAndProblemDetails()
    {
        var client = zone.Shared.Client();

        using var response = await TestGateway.GetAsync(client, token: null, $"api/v1/supply-points/{Market.R1Only}/intervals?date=2026-10-21");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        var problem = await ProblemOf(response);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithAnInvalidToken_Is401WithInvalidTokenInHeaderAndBody()
    {
        var client = zone.Shared.Client();

        using var response = await TestGateway.GetAsync(client, "not-a-token", $"api/v1/supply-points/{Market.R1Only}/intervals?date=2026-10-22");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("error_description=", challenge.Parameter, StringComparison.Ordinal);
        var problem = await ProblemOf(response);
        Assert.Equal("invalid_token", problem.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Request_WithARevokedToken_Is401WithInvalidTokenAndProblemDetails()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        using (var revoke = await client.PostAsync(new Uri("connect/revoke", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = TestGateway.R1Id,
            ["client_secret"] = TestGateway.R1Secret,
            ["token"] = token,
        })))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        using var response = await TestGateway.GetAsync(client, token, $"api/v1/supply-points/{Market.R1Only}/intervals?date=2026-10-23");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", Assert.Single(response.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
        var problem = await ProblemOf(response);
        Assert.Equal("the access token has been revoked", problem.GetProperty("detail").GetString());
    }

    private static async Task<OpenIdConnectConfiguration> Discover(TestGateway gateway, HttpClient client)
    {
        var manager = new ConfigurationManager<OpenIdConnectConfiguration>(
            new Uri(gateway.Url, ".well-known/openid-configuration").ToString(),
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(client) { RequireHttps = true });
        return await manager.GetConfigurationAsync(CancellationToken.None);
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }
}
