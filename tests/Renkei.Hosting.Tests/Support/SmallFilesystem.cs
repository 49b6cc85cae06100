using System.Diagnostics;

namespace Renkei.Hosting.Tests.Support;

/// <summary>
/// A tmpfs of a few hundred KiB mounted for one test, to meet a full disk for real (ENOSPC from the kernel). Mounting
/// needs root (CI runs as root); <see cref="TryMount"/> returns null where it is not allowed, and the test skips with
/// that reason. <see cref="Fill"/> takes every free byte with a filler file; <see cref="Free"/> deletes it.
/// </summary>
internal sealed class SmallFilesystem : IDisposable
{
    private SmallFilesystem(string path) => Path = path;

    public string Path { get; }

    private string Filler => System.IO.Path.Combine(Path, "filler");

    public static SmallFilesystem? TryMount(int kib, out string whyNot)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "renkei-small-fs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={kib}k", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            whyNot = $"mounting a tmpfs is not allowed here (mount exited {code}: {output.Trim()}); CI runs as root";
            return null;
        }

        whyNot = string.Empty;
        return new SmallFilesystem(path);
    }

    /// <summary>Writes a filler file until the kernel refuses (ENOSPC): after this, any write on the filesystem fails.</summary>
    public void Fill()
    {
        using var filler = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.None, 0);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                filler.Write(block);
            }
        }
        catch (IOException)
        {
            // Full: the point of the exercise.
        }

        // The last partial block: fill byte by byte what a block could not.
        try
        {
            while (true)
            {
                filler.Write(block.AsSpan(0, 1));
            }
        }
        catch (IOException)
        {
        }
    }

    public void Free() => File.Delete(Filler);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
