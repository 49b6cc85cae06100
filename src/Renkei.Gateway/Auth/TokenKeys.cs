using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Renkei.Gateway.Store;
using Renkei.Gateway.Tls;

namespace Renkei.Gateway.Auth;

/// <summary>
/// The token server's keys: an RSA key that signs access tokens and a symmetric key OpenIddict uses to encrypt its
/// other tokens. With <c>gateway.db</c> they are generated on first run and kept (owner-readable only) in the data
/// folder, so tokens stay valid across restarts. On a shared PostgreSQL store they are kept in the store
/// (<see cref="SharedTokenKeys"/>), so a token one instance issued is accepted by every other.
/// </summary>
internal static class TokenKeys
{
    private const string SigningFile = "token-signing.pem";
    private const string EncryptionFile = "token-encryption.key";

    public static (SecurityKey Signing, SecurityKey Encryption) LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var signingPath = Path.Combine(directory, SigningFile);
        var encryptionPath = Path.Combine(directory, EncryptionFile);
        string pem;
        if (File.Exists(signingPath))
        {
            pem = File.ReadAllText(signingPath);
        }
        else
        {
            pem = NewSigningPem();
            GatewayCertificate.WritePrivate(signingPath, System.Text.Encoding.ASCII.GetBytes(pem));
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

        return Keys(pem, secret);
    }

    /// <summary>
    /// The keys of a shared store: the stored ones; on the store's first start, this folder's key files if it has them
    /// (a gateway moving from <c>gateway.db</c> keeps its tokens valid) or new keys, stored. An instance whose folder
    /// holds other keys than the store's refuses to start: its tokens would be refused by the other instances and
    /// theirs by it. The caller holds the start lock (<see cref="GatewayStore.ExclusiveAsync"/>).
    /// </summary>
    public static async Task<(SecurityKey Signing, SecurityKey Encryption)> LoadOrShareAsync(GatewayDbContext db, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var local = LoadLocal(directory);
        var stored = await db.TokenKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == SharedTokenKeys.Only, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            var (pem, secret) = local ?? (NewSigningPem(), RandomNumberGenerator.GetBytes(32));
            stored = new SharedTokenKeys { SigningKeyPem = pem, EncryptionKey = secret };
            db.TokenKeys.Add(stored);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
        }

        var keys = Keys(stored.SigningKeyPem, stored.EncryptionKey);
        if (local is { } mine)
        {
            var own = Keys(mine.Pem, mine.Secret);
            if (own.Signing.KeyId != keys.Signing.KeyId || !CryptographicOperations.FixedTimeEquals(mine.Secret, stored.EncryptionKey))
            {
                throw new InvalidOperationException(
                    $"the token keys in {directory} ({SigningFile} key id {own.Signing.KeyId}, {EncryptionFile}) are not the keys the other gateway instances use from the shared store " +
                    $"(signing key id {keys.Signing.KeyId}): tokens of one would be refused by the other. Remove both files from this instance's folder to take the shared keys.");
            }
        }

        return keys;
    }

    private static (string Pem, byte[] Secret)? LoadLocal(string directory)
    {
        var signingPath = Path.Combine(directory, SigningFile);
        var encryptionPath = Path.Combine(directory, EncryptionFile);
        return File.Exists(signingPath) && File.Exists(encryptionPath)
            ? (File.ReadAllText(signingPath), File.ReadAllBytes(encryptionPath))
            : null;
    }

    private static string NewSigningPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    private static (RsaSecurityKey Signing, SymmetricSecurityKey Encryption) Keys(string pem, byte[] secret)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var signing = new RsaSecurityKey(rsa) { KeyId = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()).AsSpan(0, 12).ToArray()) };
        return (signing, new SymmetricSecurityKey(secret));
    }
}
