using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Renkei.Formats.Tests.Fuzz;

/// <summary>Outside bytes for a parser: a valid seed mutated a few times, or plain random bytes.</summary>
public sealed record FuzzInput(byte[] Bytes)
{
    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>Shown when a case fails: base64, so the input can be replayed exactly.</summary>
    public override string ToString() => $"{Bytes.Length} bytes: {Convert.ToBase64String(Bytes)}";
}

/// <summary>
/// The mutation fuzzer behind the parsers' fuzz tests: seeds are well-formed inputs; a case applies up to twelve
/// mutations (a byte flipped or replaced, a token inserted once or many times, a range deleted or repeated, the
/// input cut short) or is random bytes. Tokens are what breaks parsers: quotes, separators, line ends, NUL,
/// invalid UTF-8, a BOM, far dates, huge numbers, long runs.
/// </summary>
internal static class Fuzz
{
    /// <summary>Cases per parser: a few hundred, seconds in all.</summary>
    public const int Cases = 300;

    /// <summary>Allowed allocation per input byte, beyond <see cref="FixedAllowance"/>: a parser copies text and keeps an error per line, not more.</summary>
    public const long BytesPerInputByte = 200;

    public const long FixedAllowance = 1 << 20;

    public static readonly string[] CommonTokens =
    [
        "\"", "\"\"", ",", ",,,,", "\n", "\r\n", "\r", "\0", "\uFEFF", "#", "-", "+", ".", " ", "\t", "T", "Z", "+09:00",
        "9999-12-31", "0001-01-01", "2026-02-29", "9999-12-31T23:30:00+09:00", "2030-04-01T00:30:00+09:00",
        "99999999999999999999", "-1", "1e308", "NaN", "0.00001", "18446744073709551616",
        "0300000000000000000001", "9900000000000000000001", "R0001", "M1", "東京都",
    ];

    private static readonly byte[][] ByteTokens = [[0xFF], [0xC3], [0xC3, 0x28], [0xE6, 0x9D], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80]];

    public static Arbitrary<FuzzInput> Inputs(IEnumerable<string> seeds, IEnumerable<string>? tokens = null) =>
        Inputs(seeds.Select(Encoding.UTF8.GetBytes).ToArray(), [.. CommonTokens.Concat(tokens ?? []).Select(Encoding.UTF8.GetBytes), .. ByteTokens]);

    public static Arbitrary<FuzzInput> Inputs(byte[][] seeds, byte[][] tokens)
    {
        var step =
            from kind in Gen.Choose(0, 6)
            from at in Gen.Choose(0, int.MaxValue - 1)
            from length in Gen.Choose(1, 256)
            from token in Gen.Choose(0, tokens.Length - 1)
            from value in Gen.Choose(0, 255)
            select new Step(kind, at, length, token, (byte)value);
        var mutated =
            from seed in Gen.Elements(seeds)
            from n in Gen.Choose(0, 12)
            from steps in step.ArrayOf(n)
            select new FuzzInput(Apply(seed, steps, tokens));
        var random =
            from n in Gen.Choose(0, 1024)
            from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n)
            select new FuzzInput(bytes);
        return Gen.OneOf(mutated, mutated, mutated, random).ToArbitrary();
    }

    /// <summary>Bytes allocated by <paramref name="parse"/> on this thread (parsers under test run on the calling thread).</summary>
    public static long Allocated(Action parse)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        parse();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Asserts that <paramref name="allocated"/> stays within the input's size times a small factor.</summary>
    public static void AssertBounded(long allocated, FuzzInput input) =>
        Assert.True(
            allocated <= FixedAllowance + (BytesPerInputByte * input.Bytes.Length),
            $"allocated {allocated:N0} bytes for {input.Bytes.Length:N0} bytes of input");

    private static byte[] Apply(byte[] seed, Step[] steps, byte[][] tokens)
    {
        var bytes = new List<byte>(seed);
        foreach (var s in steps)
        {
            var at = bytes.Count == 0 ? 0 : s.At % (bytes.Count + 1);
            switch (s.Kind)
            {
                case 0 when at < bytes.Count:
                    bytes[at] ^= (byte)(s.Value | 1);
                    break;
                case 1:
                    bytes.InsertRange(at, tokens[s.Token]);
                    break;
                case 2:
                    for (var i = 0; i < Math.Min(s.Length, 64); i++)
                    {
                        bytes.InsertRange(at, tokens[s.Token]);
                    }

                    break;
                case 3 when at < bytes.Count:
                    bytes.RemoveRange(at, Math.Min(s.Length % 16 + 1, bytes.Count - at));
                    break;
                case 4 when at < bytes.Count:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(s.Length, bytes.Count - at)));
                    break;
                case 5 when at < bytes.Count:
                    bytes[at] = s.Value;
                    break;
                case 6:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    break;
            }
        }

        return [.. bytes];
    }

    private readonly record struct Step(int Kind, int At, int Length, int Token, byte Value);
}
