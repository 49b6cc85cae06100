using System.Diagnostics;
using Renkei.Cli.Tests.Support;
using Renkei.Hosting;

namespace Renkei.Cli.Tests.Serve;

/// <summary>
/// A data folder belongs to one process: a second <c>renkei demo</c> or node on a folder that another process holds
/// stops at once, before it opens a store or a log, naming the holder's PID. The holder here is this test process.
/// </summary>
public sealed class DataFolderLockTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "renkei-lock-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task SecondProcess_OnAHeldDataFolder_StopsAtOnceNamingTheHolder()
    {
        var registry = Path.Combine(directory, "registry.csv");
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(registry, "meter_id,supply_point_id\n");
        var expected = $"in use by another Renkei process (PID {Environment.ProcessId})";

        using (FolderLock.Acquire(Path.Combine(directory, "demo"), "renkei", "demo data folder"))
        {
            var (code, _, error) = await RenkeiProcess.RunAsync("demo", "--data", Path.Combine(directory, "demo"), "--port", "0", "--web-port", "0");
            Assert.Equal(1, code);
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
        }

        using (FolderLock.Acquire(Path.Combine(directory, "metering"), "renkei", "metering data folder"))
        {
            var (code, _, error) = await RenkeiProcess.RunAsync("serve", "metering", "--data", Path.Combine(directory, "metering"), "--registry", registry);
            Assert.Equal(1, code);
            Assert.Contains("renkei serve metering: the metering data folder", error, StringComparison.Ordinal);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }

        using (FolderLock.Acquire(Path.Combine(directory, "switching"), "renkei", "switching data folder"))
        {
            var (code, _, error) = await RenkeiProcess.RunAsync("serve", "switching", "--data", Path.Combine(directory, "switching"));
            Assert.Equal(1, code);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(directory, "switching", "switching.db")));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
