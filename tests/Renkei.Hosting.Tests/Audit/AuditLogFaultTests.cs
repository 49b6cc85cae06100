using Renkei.Hosting;
using Renkei.Hosting.Audit;
using Renkei.Hosting.Tests.Support;

namespace Renkei.Hosting.Tests.Audit;

/// <summary>The audit log on a full disk, after a torn write, with a broken line, and with two writers.</summary>
public sealed class AuditLogFaultTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "renkei-audit-" + Guid.NewGuid().ToString("N"));

    private static AuditEntry Entry(int i) => new(
        new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero).AddSeconds(i), "client", "R0001", "127.0.0.1", "GET",
        "/api/v1/supply-points/0310000000000000000002/intervals?date=2026-11-26", "0310000000000000000002", "2026-11-26",
        200, AuditEntry.Allowed, null);

    [SkippableFact]
    public async Task FullDisk_WriterFailsThenResumes_NoEntryLostNoTornLineChainIntact()
    {
        using var disk = SmallFilesystem.TryMount(256, out var whyNot);
        Skip.If(disk is null, whyNot);

        var failing = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var resumed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var path = Path.Combine(disk.Path, "audit", AuditLog.FileName);
        await using (var log = new AuditLog(Path.Combine(disk.Path, "audit")))
        {
            log.FailingChanged += (_, now) => (now ? failing : resumed).TrySetResult(now);
            for (var i = 0; i < 10; i++)
            {
                log.Append(Entry(i));
            }

            await log.FlushAsync().WaitAsync(Timeout);
            Assert.False(log.Failing);

            disk.Fill();
            for (var i = 10; i < 200; i++)
            {
                log.Append(Entry(i));
            }

            var flushed = log.FlushAsync();
            await failing.Task.WaitAsync(Timeout);
            Assert.True(log.Failing);
            Assert.IsAssignableFrom<IOException>(log.Fault);
            Assert.False(flushed.IsCompleted);

            // Nothing torn on disk while the writer waits: the file ends with the last whole batch.
            var bytes = File.ReadAllBytes(path);
            Assert.Equal((byte)'\n', bytes[^1]);
            Assert.Equal(10, File.ReadAllLines(path).Length);

            disk.Free();
            await resumed.Task.WaitAsync(Timeout);
            await flushed.WaitAsync(Timeout);
            Assert.False(log.Failing);
            Assert.Null(log.Fault);
        }

        var entries = AuditLog.Read(path, new AuditQuery { Limit = 1000 });
        Assert.Equal(Enumerable.Range(0, 200).Select(Entry), entries);
        Assert.Equal(0, AuditLog.Verify(path));
    }

    [SkippableFact]
    public async Task FullDisk_AtClose_DisposeDoesNotThrow()
    {
        using var disk = SmallFilesystem.TryMount(256, out var whyNot);
        Skip.If(disk is null, whyNot);

        var failing = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new AuditLog(Path.Combine(disk.Path, "audit"));
        log.FailingChanged += (_, now) => failing.TrySetResult(now);
        disk.Fill();
        log.Append(Entry(1));
        await failing.Task.WaitAsync(Timeout);

        await log.DisposeAsync().AsTask().WaitAsync(Timeout);
        Assert.True(log.Failing);
    }

    [Fact]
    public async Task TornLastLine_OnOpen_IsCutOffAndTheNextEntryStartsALineOfItsOwn()
    {
        await using (var log = new AuditLog(directory))
        {
            log.Append(Entry(1));
            log.Append(Entry(2));
        }

        var path = Path.Combine(directory, AuditLog.FileName);
        var whole = File.ReadAllText(path);
        File.AppendAllText(path, "{\"prev\":\"12ab");

        await using (var log = new AuditLog(directory))
        {
            Assert.Equal(13, log.TornBytesDropped);
            log.Append(Entry(3));
        }

        Assert.StartsWith(whole, File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal([Entry(1), Entry(2), Entry(3)], AuditLog.Read(path, new AuditQuery()));
        Assert.Equal(0, AuditLog.Verify(path));
    }

    [Fact]
    public async Task BrokenLine_ReadAndVerify_NameTheLineInsteadOfThrowingJsonException()
    {
        await using (var log = new AuditLog(directory))
        {
            log.Append(Entry(1));
            log.Append(Entry(2));
            log.Append(Entry(3));
        }

        var path = Path.Combine(directory, AuditLog.FileName);
        var lines = File.ReadAllLines(path);
        lines[1] = lines[1][..20];
        File.WriteAllLines(path, lines);

        var error = Assert.Throws<AuditLogFormatException>(() => AuditLog.Read(path, new AuditQuery()));
        Assert.Equal(2, error.Line);
        Assert.Contains("line 2: not JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, AuditLog.Verify(path, out var reason));
        Assert.StartsWith("not JSON", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondWriter_OnTheSameFolder_IsRefusedNamingTheHolder()
    {
        await using var first = new AuditLog(directory);

        var refused = Assert.Throws<FolderInUseException>(() => new AuditLog(directory));

        Assert.Equal(Environment.ProcessId, refused.HolderPid);
        Assert.Contains($"PID {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
