namespace Renkei.Gateway.Auth;

/// <summary>A retailer system allowed to obtain tokens with the client-credentials grant.</summary>
/// <param name="ClientId">OAuth2 client ID.</param>
/// <param name="ClientSecret">The secret in clear; stored only hashed.</param>
/// <param name="RetailerCode">The retailer code the client acts for; carried in its tokens.</param>
/// <param name="DisplayName">A name for operators.</param>
public sealed record RetailerClient(string ClientId, string ClientSecret, string RetailerCode, string DisplayName);
