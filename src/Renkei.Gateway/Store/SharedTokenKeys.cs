namespace Renkei.Gateway.Store;

/// <summary>
/// The token server's keys as every instance on a shared (PostgreSQL) store uses them: one row, written by the first
/// instance that starts (<see cref="Auth.TokenKeys.LoadOrShareAsync"/>).
/// </summary>
internal sealed class SharedTokenKeys
{
    public const int Only = 1;

    public int Id { get; set; } = Only;

    /// <summary>The RSA key that signs access tokens, PKCS#8 PEM.</summary>
    public required string SigningKeyPem { get; set; }

    /// <summary>The symmetric key OpenIddict encrypts its other tokens with (authorisation codes), 32 bytes.</summary>
    public required byte[] EncryptionKey { get; set; }
}
