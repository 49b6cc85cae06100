using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Renkei.Client;

/// <summary>
/// Checks a webhook notice on the retailer's side: <c>Renkei-Signature</c> must be <c>v1=</c> and the lowercase hex
/// HMAC-SHA256, keyed with the webhook's secret, of <c>Renkei-Timestamp + "." + body</c>; and the timestamp must be
/// recent (so a captured notice cannot be replayed later).
/// </summary>
public static class WebhookNoticeSignature
{
    public static bool IsValid(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (timestamp is null || signature is null || !signature.StartsWith("v1=", StringComparison.Ordinal)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var expected = Encoding.ASCII.GetBytes("v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
