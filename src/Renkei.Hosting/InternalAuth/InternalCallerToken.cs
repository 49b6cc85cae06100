using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Renkei.Hosting.InternalAuth;

/// <summary>
/// The proof an internal caller attaches to each request (header <see cref="InternalHeaders.Caller"/>):
/// <c>v1.&lt;payload&gt;.&lt;signature&gt;</c>, both base64url; the payload is <c>issuer|audience|expiry|nonce</c>
/// (expiry in Unix seconds) and the signature is ECDSA P-256 over SHA-256 of the payload's bytes.
/// Short-lived (minutes), addressed to one service, signed with a key only the caller holds.
/// </summary>
public static class InternalCallerToken
{
    public const string Version = "v1";

    /// <summary>The longest lifetime a verifier accepts, whatever the token says.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);

    public static string Create(ECDsa key, string issuer, string audience, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (issuer.Contains('|', StringComparison.Ordinal) || audience.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("issuer and audience must not contain '|'");
        }

        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{issuer}|{audience}|{expires.ToUnixTimeSeconds()}|{nonce}"));
        var signature = key.SignData(payload, HashAlgorithmName.SHA256);
        return $"{Version}.{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>Reads the unverified payload. False if the token is not well formed.</summary>
    internal static bool TryRead(string token, out string issuer, out string audience, out long expires, out byte[] payload, out byte[] signature)
    {
        issuer = audience = string.Empty;
        expires = 0;
        payload = signature = [];
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Version || parts[1].Length > 512 || parts[2].Length > 256)
        {
            return false;
        }

        try
        {
            payload = Base64Url.DecodeFromChars(parts[1]);
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('|');
        if (fields.Length != 4 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out expires))
        {
            return false;
        }

        issuer = fields[0];
        audience = fields[1];
        return true;
    }
}
