using System.Text;
using Renkei.Formats.Market;

namespace Renkei.Formats.Tests.Market;

/// <summary>The writer's MS932 gives exactly code page 932's bytes, however ASCII and other characters are mixed and split.</summary>
public sealed class AsciiFastMs932Tests
{
    [Theory]
    [InlineData("")]
    [InlineData("<JP06400>0310000000000000000001</JP06400>")]
    [InlineData("低圧")]
    [InlineData("<JP06120>山田　太郎</JP06120><JP06403>高圧</JP06403>ｱｲｳ")]
    [InlineData("a低b圧c")]
    public void Encoder_GivesCodePage932sBytes_InOneCallAndCharByChar(string text)
    {
        var expected = MarketEncoding.Ms932.GetBytes(text);

        Assert.Equal(expected, Encode(text, chunk: Math.Max(1, text.Length)));
        Assert.Equal(expected, Encode(text, chunk: 1));
        Assert.Equal(expected, Encode(text, chunk: 3));
    }

    [Fact]
    public void Encoder_SmallDestination_StopsIncompleteAndResumes()
    {
        var text = "ab低圧cd";
        var encoder = MarketEncoding.Ms932Writing.GetEncoder();
        var chars = text.ToCharArray();
        var bytes = new byte[16];

        encoder.Convert(chars, 0, chars.Length, bytes, 0, 3, true, out var used, out var written, out var completed);
        Assert.False(completed);
        encoder.Convert(chars, used, chars.Length - used, bytes, written, bytes.Length - written, true, out var used2, out var written2, out completed);

        Assert.True(completed);
        Assert.Equal(chars.Length, used + used2);
        Assert.Equal(MarketEncoding.Ms932.GetBytes(text), bytes[..(written + written2)]);
    }

    private static byte[] Encode(string text, int chunk)
    {
        var encoder = MarketEncoding.Ms932Writing.GetEncoder();
        var chars = text.ToCharArray();
        var output = new List<byte>();
        var buffer = new byte[64];
        for (var i = 0; i < chars.Length; i += chunk)
        {
            var n = Math.Min(chunk, chars.Length - i);
            encoder.Convert(chars, i, n, buffer, 0, buffer.Length, i + n == chars.Length, out var used, out var written, out _);
            Assert.Equal(n, used);
            output.AddRange(buffer[..written]);
        }

        return [.. output];
    }
}
