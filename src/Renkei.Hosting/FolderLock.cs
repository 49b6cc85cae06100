using System.Globalization;

namespace Renkei.Hosting;

/// <summary>
/// An exclusive lock on a folder for the life of one process: a node on its data folder, a writer on its audit log.
/// It holds <c>&lt;name&gt;.lock</c> open with <see cref="FileShare.None"/>, which .NET takes as a non-blocking
/// <c>flock(LOCK_EX)</c> on Unix, so the kernel releases it when the process dies, even by <c>kill -9</c>; the holder's
/// PID is written beside it (<c>&lt;name&gt;.pid</c>) so that a refused second start can name it.
/// </summary>
public sealed class FolderLock : IDisposable
{
    private readonly FileStream handle;

    private FolderLock(FileStream handle, string path)
    {
        this.handle = handle;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock <paramref name="name"/> in <paramref name="directory"/> (created if missing), or throws <see cref="FolderInUseException"/> at once.</summary>
    /// <param name="directory">The folder locked.</param>
    /// <param name="name">The lock's file name without extension (one folder can hold locks of different owners).</param>
    /// <param name="what">What the folder is, for the refusal's message (e.g. <c>metering data folder</c>).</param>
    public static FolderLock Acquire(string directory, string name, string what)
    {
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, name + ".lock");
        var pidPath = System.IO.Path.Combine(directory, name + ".pid");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new FolderInUseException(directory, what, HolderOf(pidPath), e);
        }

        try
        {
            File.WriteAllText(pidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return new FolderLock(stream, path);
    }

    public void Dispose() => handle.Dispose();

    private static int? HolderOf(string pidPath)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>Another process holds a <see cref="FolderLock"/> on the folder.</summary>
public sealed class FolderInUseException : IOException
{
    public FolderInUseException(string directory, string what, int? holder, Exception inner)
        : base(
            $"the {what} {directory} is in use by another Renkei process{(holder is { } pid ? $" (PID {pid.ToString(CultureInfo.InvariantCulture)})" : string.Empty)}: stop it, or give this one another folder",
            inner)
    {
        Directory = directory;
        HolderPid = holder;
    }

    public FolderInUseException()
    {
        Directory = string.Empty;
    }

    public FolderInUseException(string message)
        : base(message)
    {
        Directory = string.Empty;
    }

    public FolderInUseException(string message, Exception inner)
        : base(message, inner)
    {
        Directory = string.Empty;
    }

    public string Directory { get; }

    public int? HolderPid { get; }
}
