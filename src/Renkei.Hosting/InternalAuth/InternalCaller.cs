using System.Security.Cryptography;

namespace Renkei.Hosting.InternalAuth;

/// <summary>A component an internal service trusts: its name (the token's issuer), its public key, and what it may call.</summary>
/// <param name="Name">Issuer name in the caller's tokens, e.g. <c>gateway</c> or <c>hes</c>.</param>
/// <param name="PublicKey">The caller's verify-only key.</param>
/// <param name="Allowed">The requests it may make; anything else is refused with 403.</param>
public sealed record InternalCaller(string Name, ECDsa PublicKey, IReadOnlyList<InternalRoute> Allowed)
{
    public bool MayCall(string method, string path)
    {
        foreach (var route in Allowed)
        {
            if (route.Matches(method, path))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A method (null = any) and a path prefix an internal caller may use.</summary>
public sealed record InternalRoute(string? Method, string PathPrefix)
{
    public bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        && path.StartsWith(PathPrefix, StringComparison.Ordinal);
}
