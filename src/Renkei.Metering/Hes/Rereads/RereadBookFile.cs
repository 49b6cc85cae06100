using Microsoft.Extensions.Logging;

namespace Renkei.Metering.Hes.Rereads;

/// <summary>
/// What the re-read loop still owes, kept in <c>&lt;data&gt;/rereads.bin</c> so a restart resumes it: the
/// <see cref="RereadBook"/> (each booked slot's values, which were asked for and have arrived, and how often each
/// read was asked), written after every round. Written atomically: a new file, flushed to disk, moved over the old,
/// so a crash leaves the previous round's book or this one, never a torn one. Binary (a magic, a version, then
/// <see cref="RereadBook.WriteTo"/>): at the bound of 50,000 values in each of 96 slots it stays under 40 MB.
/// </summary>
internal sealed partial class RereadBookFile(string path, ILogger<RereadBookFile> logger)
{
    public const string FileName = "rereads.bin";

    private const int Magic = 0x52524B52; // "RKRR"
    private const int Version = 1;

    public string Path { get; } = path;

    /// <summary>Reads the book saved before a restart into <paramref name="book"/>; false when there is none (or it does not read: logged, and the node starts with an empty book).</summary>
    public bool TryLoad(RereadBook book, int meters)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (!File.Exists(Path))
        {
            return false;
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(Path));
            if (reader.ReadInt32() != Magic || reader.ReadInt32() != Version)
            {
                throw new InvalidDataException("not a re-read book of this version");
            }

            book.ReadFrom(reader, meters);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
        {
            LogUnreadable(logger, e, Path);
            return false;
        }
    }

    /// <summary>Writes <paramref name="book"/> over the saved one, atomically.</summary>
    public void Save(RereadBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        var temporary = Path + ".tmp";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            using (var writer = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(Version);
                book.WriteTo(writer);
            }

            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The re-read book {Path} does not read; the node starts with an empty one (the slots booked before the restart are not re-read)")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string path);
}
