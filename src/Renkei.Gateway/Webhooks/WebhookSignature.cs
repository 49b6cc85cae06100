using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Renkei.Gateway.Webhooks;

/// <summary>
/// The signature of a notice: <c>Renkei-Signature: v1=</c> lowercase hex of HMAC-SHA256 keyed with the webhook's secret
/// (its UTF-8 bytes) over <c>timestamp + "." + body</c>, where the timestamp is <c>Renkei-Timestamp</c> (Unix seconds
/// of the attempt) and the body the exact bytes received.
/// </summary>
internal static class WebhookSignature
{
    public const string IdHeader = "Renkei-Notice-Id";
    public const string TimestampHeader = "Renkei-Timestamp";
    public const string SignatureHeader = "Renkei-Signature";
    public const string Scheme = "v1=";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>A new secret: <c>whsec_</c> and 32 random bytes, base64url.</summary>
    public static string NewSecret() => "whsec_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string NewId() => "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

}
