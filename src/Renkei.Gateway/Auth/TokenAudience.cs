namespace Renkei.Gateway.Auth;

/// <summary>
/// The audience (<c>aud</c>, RFC 9068 2.2) of every access token the gateway issues: the retailer API it fronts. Set
/// as the token's resource at issue (<see cref="TokenEndpoint"/>) and required by the gateway's own validation, so a
/// token minted for another resource by the same keys would not be accepted here.
/// </summary>
internal static class TokenAudience
{
    public const string Api = "renkei-api";
}
