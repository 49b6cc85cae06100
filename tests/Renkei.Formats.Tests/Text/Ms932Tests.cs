using System.Text;
using Renkei.Formats.Text;

namespace Renkei.Formats.Tests.Text;

public sealed class Ms932Tests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("ABC-123", 7)]
    [InlineData("山田太郎", 8)]
    [InlineData("ﾔﾏﾀﾞ", 4)]
    [InlineData("ヤマダ　タロウ", 14)]
    [InlineData("髙橋①～", 8)]
    public void TryCount_CountsHalfWidthOneAndFullWidthTwoBytes(string text, int expected)
    {
        Assert.True(Ms932.TryCount(text, out var bytes, out _));
        Assert.Equal(expected, bytes);
        Assert.Equal(expected, Ms932.Encoding.GetByteCount(text));
    }

    [Fact]
    public void TryCount_FortyKanjiAreEightyBytes()
    {
        Assert.True(Ms932.TryCount(new string('漢', 40), out var bytes, out _));
        Assert.Equal(80, bytes);
    }

    [Theory]
    [InlineData("吉田𠮷男", 0x20BB7)]
    [InlineData("山田😀", 0x1F600)]
    [InlineData("Ａ한글", 0xD55C)]
    public void TryCount_NamesTheFirstCharacterOutsideMs932(string text, int codePoint)
    {
        Assert.False(Ms932.TryCount(text, out _, out var rune));
        Assert.Equal(new Rune(codePoint), rune);
    }

    [Fact]
    public void TryCount_UnpairedSurrogateIsOutsideMs932()
    {
        Assert.False(Ms932.TryCount("山\uD842", out _, out var rune));
        Assert.Equal(Rune.ReplacementChar, rune);
    }

    [Fact]
    public void TryCount_QuestionMarkItselfIsEncodable()
    {
        Assert.True(Ms932.TryCount("？?", out var bytes, out _));
        Assert.Equal(3, bytes);
    }
}
