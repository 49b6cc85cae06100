using System.Globalization;
using System.Text;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Registry;

public sealed class Utf8KeyIndexTests
{
    [Fact]
    public void Add_GivesDenseNumbersInOrder_AndEachKeyIsFoundByBytesAndText()
    {
        var index = new Utf8KeyIndex();

        Assert.Equal(0, index.Add("M000000001"));
        Assert.Equal(1, index.Add("メーター-2"));
        Assert.Equal(2, index.Add("M3"));

        Assert.True(index.TryGet("M000000001"u8, out var first));
        Assert.Equal(0, first);
        Assert.True(index.TryGet("メーター-2".AsSpan(), out var second));
        Assert.Equal(1, second);
        Assert.Equal("M3", index.KeyOf(2));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void Add_ExistingKey_ReturnsMinusOneAndAddsNothing()
    {
        var index = new Utf8KeyIndex();
        index.Add("A");

        Assert.Equal(-1, index.Add("A"));
        Assert.Equal(1, index.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("M00000000")]
    [InlineData("M0000000011")]
    [InlineData("m000000001")]
    public void TryGet_KeyNotAdded_IsNotFound(string key)
    {
        var index = new Utf8KeyIndex();
        index.Add("M000000001");

        Assert.False(index.TryGet(Encoding.UTF8.GetBytes(key), out _));
        Assert.False(index.TryGet(key.AsSpan(), out _));
    }

    [Fact]
    public void ManyKeys_GrowingArenaAndTable_AreAllFoundWithTheirNumbers()
    {
        var index = new Utf8KeyIndex();
        const int N = 200_000;
        for (var i = 0; i < N; i++)
        {
            Assert.Equal(i, index.Add(string.Create(CultureInfo.InvariantCulture, $"M{i:D9}")));
        }

        for (var i = 0; i < N; i++)
        {
            Assert.True(index.TryGet(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"M{i:D9}")), out var n));
            Assert.Equal(i, n);
        }

        Assert.False(index.TryGet("M000200000"u8, out _));
    }

    [Fact]
    public async Task LookupsWhileKeysAreAdded_FindEveryKeyAddedBeforeThemWithItsNumber()
    {
        var index = new Utf8KeyIndex();
        const int N = 100_000;
        var added = 0;
        var failures = 0;
        var reader = Task.Run(() =>
        {
            while (Volatile.Read(ref added) < N)
            {
                var upTo = Volatile.Read(ref added);
                for (var i = Math.Max(0, upTo - 100); i < upTo; i++)
                {
                    if (!index.TryGet(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"K{i}")), out var n) || n != i)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            }
        });

        for (var i = 0; i < N; i++)
        {
            index.Add(string.Create(CultureInfo.InvariantCulture, $"K{i}"));
            Volatile.Write(ref added, i + 1);
        }

        await reader;
        Assert.Equal(0, failures);
    }
}
