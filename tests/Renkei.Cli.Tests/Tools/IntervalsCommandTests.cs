using System.Text;
using Renkei.Cli.Tests.Support;

namespace Renkei.Cli.Tests.Tools;

/// <summary>
/// The real <c>renkei intervals</c>: a read dated 9999 once grew the process to gigabytes and killed it with an
/// unhandled <see cref="OutOfMemoryException"/>, leaving <c>out.csv.partial</c>. Now it is rejected with its line,
/// the good reads are used, and no run leaves a partial file.
/// </summary>
public sealed class IntervalsCommandTests : IDisposable
{
    private const string Header = "supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh\n";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-intervals-" + Guid.NewGuid().ToString("N"));

    public IntervalsCommandTests() => Directory.CreateDirectory(folder);

    [Fact]
    public async Task ReadDated9999_IsRejectedWithItsLine_TheGoodReadsAreWritten_NoPartialFile()
    {
        var (meters, reads, output) = Paths();
        await File.WriteAllTextAsync(meters, Header + "0310000000000000000001,M1,1,6,2026-04-01T00:00:00+09:00,0,,\n");
        await File.WriteAllTextAsync(reads, "meter_id,read_at,register_kwh\nM1,2026-04-01T00:30:00+09:00,1\nM1,9999-12-31T23:30:00+09:00,5\nM1,2026-04-01T01:00:00+09:00,2\n");

        var (code, _, error) = await RenkeiProcess.RunAsync("intervals", "--meters", meters, "--reads", reads, "--out", output);

        Assert.Equal(0, code);
        Assert.Contains("reads.csv: line 3: read at 9999-12-31T23:30:00+09:00 is outside the span this run covers", error, StringComparison.Ordinal);
        Assert.Contains("2 reads used, 1 rejected, 1 lines written", error, StringComparison.Ordinal);
        Assert.Equal(["supply_point_id,date,slot,direction,kwh,quality", "0310000000000000000001,2026-04-01,2,import,1.0000,actual"], await File.ReadAllLinesAsync(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task RejectedRegistry_ListsEveryReasonExitsOne_NoOutputNoPartialFile()
    {
        var (meters, reads, output) = Paths();
        await File.WriteAllBytesAsync(meters,
        [
            .. Encoding.UTF8.GetBytes(Header + "0310000000000000000001,M1,1,6,9999-12-31T00:00:00+09:00,0,,\n0310000000000000000002,M"),
            0xC3, 0x28,
            .. Encoding.UTF8.GetBytes(",1,6,2026-04-01T00:00:00+09:00,0,,\n"),
        ]);
        await File.WriteAllTextAsync(reads, "meter_id,read_at,register_kwh\nM1,2026-04-01T00:30:00+09:00,1\n");

        var (code, _, error) = await RenkeiProcess.RunAsync("intervals", "--meters", meters, "--reads", reads, "--out", output);

        Assert.Equal(1, code);
        Assert.Contains("line 2: installed_at: '9999-12-31T00:00:00+09:00' is outside the accepted dates", error, StringComparison.Ordinal);
        Assert.Contains("line 3: meter_id: is not valid UTF-8 (byte 25 of the line)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task TenMegabyteFields_AreQuotedAsShortPrefixes()
    {
        var (meters, reads, output) = Paths();
        var big = new string('X', 10_000_000);
        await File.WriteAllTextAsync(meters, Header + "0310000000000000000001,M1,1,6,2026-04-01T00:00:00+09:00,0,,\n");
        await File.WriteAllTextAsync(reads, $"meter_id,read_at,register_kwh,direction\nM1,2026-04-01T00:30:00+09:00,{big},import\n{big},2026-04-01T00:30:00+09:00,1,import\nM1,{big},1,import\nM1,2026-04-01T00:30:00+09:00,1,{big}\n");

        var (code, _, error) = await RenkeiProcess.RunAsync("intervals", "--meters", meters, "--reads", reads, "--out", output);

        Assert.Equal(0, code);
        Assert.Contains("reads.csv: line 3: unknown meter 'XXXX", error, StringComparison.Ordinal);
        Assert.Contains("0 reads used, 4 rejected", error, StringComparison.Ordinal);
        Assert.All(error.Split('\n'), l => Assert.InRange(l.Length, 0, Renkei.Formats.Text.Echo.MaxReasonLength + 40));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (string Meters, string Reads, string Output) Paths() =>
        (Path.Combine(folder, "meters.csv"), Path.Combine(folder, "reads.csv"), Path.Combine(folder, "out.csv"));
}
