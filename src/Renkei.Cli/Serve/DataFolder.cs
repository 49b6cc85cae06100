using Renkei.Hosting;

namespace Renkei.Cli.Serve;

/// <summary>
/// Each node process locks its data folder for its life (<see cref="FolderLock"/>): a second process started on the
/// same folder stops at once with a message naming the holder, before it opens a store or a log.
/// </summary>
internal static class DataFolder
{
    public static FolderLock? TryLock(string command, string directory, string what)
    {
        try
        {
            return FolderLock.Acquire(directory, "renkei", what);
        }
        catch (FolderInUseException e)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return null;
        }
    }
}
