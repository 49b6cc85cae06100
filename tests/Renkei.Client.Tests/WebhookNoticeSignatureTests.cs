using System.Security.Cryptography;
using System.Text;

namespace Renkei.Client.Tests;

public sealed class WebhookNoticeSignatureTests
{
    private const string Secret = "whsec_test-secret";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"kind\":\"slot.published\",\"date\":\"2026-11-27\",\"slot\":23}");

    private static string Timestamp => Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Signature(byte[] body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(Timestamp + ".").Concat(body).ToArray()));

    [Fact]
    public void IsValid_SignedAsDocumented_IsTrue() =>
        Assert.True(WebhookNoticeSignature.IsValid(Secret, Timestamp, Signature(Body), Body, Now, TimeSpan.FromMinutes(5)));

    [Fact]
    public void IsValid_BodyChangedByOneByte_IsFalse()
    {
        var tampered = (byte[])Body.Clone();
        tampered[^2] ^= 1;
        Assert.False(WebhookNoticeSignature.IsValid(Secret, Timestamp, Signature(Body), tampered, Now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void IsValid_TimestampOlderThanTheTolerance_IsFalse() =>
        Assert.False(WebhookNoticeSignature.IsValid(Secret, Timestamp, Signature(Body), Body, Now.AddMinutes(6), TimeSpan.FromMinutes(5)));

    [Fact]
    public void IsValid_OtherSecret_IsFalse() =>
        Assert.False(WebhookNoticeSignature.IsValid("whsec_other", Timestamp, Signature(Body), Body, Now, TimeSpan.FromMinutes(5)));
}
