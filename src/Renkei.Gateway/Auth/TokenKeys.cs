using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Renkei.Gateway.Tls;

namespace Renkei.Gateway.Auth;

/// <summary>
/// The token server's keys, generated on first run and kept (owner-readable only) in the data folder, so tokens
/// stay valid across restarts: an RSA key that signs access tokens and a symmetric key OpenIddict uses to
/// encrypt its other tokens.
/// </summary>
internal static class TokenKeys
{
    public static (SecurityKey Signing, SecurityKey Encryption) LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var signingPath = Path.Combine(directory, "token-signing.pem");
        var encryptionPath = Path.Combine(directory, "token-encryption.key");

        var rsa = RSA.Create();
        if (File.Exists(signingPath))
        {
            rsa.ImportFromPem(File.ReadAllText(signingPath));
        }
        else
        {
            rsa.KeySize = 2048;
            GatewayCertificate.WritePrivate(signingPath, System.Text.Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem()));
        }

        byte[] secret;
        if (File.Exists(encryptionPath))
        {
            secret = File.ReadAllBytes(encryptionPath);
        }
        else
        {
            secret = RandomNumberGenerator.GetBytes(32);
            GatewayCertificate.WritePrivate(encryptionPath, secret);
        }

        var signing = new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()).AsSpan(0, 12).ToArray()) };
        var encryption = new SymmetricSecurityKey(secret);
        return (signing, encryption);
    }
}
