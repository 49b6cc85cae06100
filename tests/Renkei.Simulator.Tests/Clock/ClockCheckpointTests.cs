using Renkei.Simulator.Clock;

namespace Renkei.Simulator.Tests.Clock;

public sealed class ClockCheckpointTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-clock-" + Guid.NewGuid().ToString("N"));

    public ClockCheckpointTests() => Directory.CreateDirectory(folder);

    [Fact]
    public void Load_NoFile_IsNull() =>
        Assert.Null(new ClockCheckpoint(Path.Combine(folder, "demo-clock.txt")).Load());

    [Fact]
    public void Save_ThenLoad_GivesTheSameInstant()
    {
        var checkpoint = new ClockCheckpoint(Path.Combine(folder, "demo-clock.txt"));
        var at = new DateTimeOffset(2026, 12, 8, 3, 17, 42, TimeSpan.Zero).AddTicks(1234567);

        checkpoint.Save(at);

        Assert.Equal(at, new ClockCheckpoint(checkpoint.Path).Load());
        Assert.False(File.Exists(checkpoint.Path + ".tmp"));
    }

    [Fact]
    public async Task RunAsync_Cancelled_WritesTheClockOnceMore()
    {
        var checkpoint = new ClockCheckpoint(Path.Combine(folder, "demo-clock.txt"));
        var clock = new SettableClock { Now = new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero) };
        using var stop = new CancellationTokenSource();
        var running = checkpoint.RunAsync(clock, stop.Token);
        clock.Now += TimeSpan.FromHours(5);

        await stop.CancelAsync();
        await running;

        Assert.Equal(clock.GetUtcNow(), checkpoint.Load());
    }

    [Fact]
    public void Load_NotAnInstant_NamesTheFileAndLine()
    {
        var checkpoint = new ClockCheckpoint(Path.Combine(folder, "demo-clock.txt"));
        File.WriteAllText(checkpoint.Path, "yesterday\n");

        var e = Assert.Throws<InvalidDataException>(() => checkpoint.Load());

        Assert.Contains(checkpoint.Path + ", line 1: 'yesterday' is not an ISO 8601 instant", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
