using Microsoft.IdentityModel.Tokens;

namespace Renkei.Gateway.Auth;

/// <summary>The key access tokens are signed with, for the revocation endpoint's own signature check.</summary>
internal sealed record TokenSigningKey(SecurityKey Key);
