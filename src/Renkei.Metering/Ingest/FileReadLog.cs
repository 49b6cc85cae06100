using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Ingest;

/// <summary>
/// The embedded read log: an append-only file of fixed 21-byte binary records
/// (<c>i32 meter ordinal, i64 UTC ticks, i64 register units, u8 direction</c>, little-endian) in
/// <c>reads.log</c>, and beside it <c>meters.ids</c>, the meter IDs in ordinal order (one per line), written
/// before any record that uses a new ordinal. Replay maps each logged ordinal to its meter ID and from there
/// to the current registry, so a registry that is reordered or extended still replays correctly.
/// <para>
/// Each batch is written with one write and flushed to disk (fsync) before it is acknowledged; appends are
/// serialised (the engine's partitions append concurrently). A torn record at the tail (a crash mid-write) is
/// cut off when the log is opened, and a failed write is cut off at once; nothing before it is lost.
/// </para>
/// </summary>
public sealed class FileReadLog : IReadLog
{
    public const int RecordSize = 4 + 8 + 8 + 1;

    private readonly string path;
    private readonly string idsPath;
    private readonly FileStream stream;
    private readonly Lock gate = new();
    private readonly Utf8KeyIndex knownIds = new();

    public FileReadLog(string directory)
    {
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, "reads.log");
        idsPath = Path.Combine(directory, "meters.ids");
        LoadIds();
        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var valid = stream.Length - (stream.Length % RecordSize);
        if (stream.Length != valid)
        {
            stream.SetLength(valid);
        }

        stream.Seek(0, SeekOrigin.End);
    }

    public void Append(ReadOnlySpan<MeterRead> reads, MeterRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var size = reads.Length * RecordSize;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            var pos = 0;
            var maxOrdinal = -1;
            foreach (ref readonly var read in reads)
            {
                var span = buffer.AsSpan(pos, RecordSize);
                BinaryPrimitives.WriteInt32LittleEndian(span, read.Ordinal);
                BinaryPrimitives.WriteInt64LittleEndian(span[4..], read.UtcTicks);
                BinaryPrimitives.WriteInt64LittleEndian(span[12..], read.RegisterUnits);
                span[20] = (byte)read.Direction;
                pos += RecordSize;
                maxOrdinal = Math.Max(maxOrdinal, read.Ordinal);
            }

            lock (gate)
            {
                EnsureIds(maxOrdinal, registry);
                var start = stream.Position;
                try
                {
                    stream.Write(buffer, 0, pos);
                    stream.Flush(flushToDisk: true);
                }
                catch (IOException)
                {
                    // Cut a partly written batch off again, so the next append does not follow torn bytes.
                    stream.SetLength(start);
                    stream.Position = start;
                    throw;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public long Position
    {
        get
        {
            lock (gate)
            {
                return stream.Length;
            }
        }
    }

    public string? MeterIdOfLogged(int loggedOrdinal) =>
        (uint)loggedOrdinal < (uint)knownIds.Count ? knownIds.KeyOf(loggedOrdinal) : null;

    /// <summary>Every record from the start, in order.</summary>
    public IEnumerable<LoggedRead> ReadAll() => ReadFrom(0);

    /// <summary>The records from <paramref name="position"/> on (rounded down to a record).</summary>
    public IEnumerable<LoggedRead> ReadFrom(long position)
    {
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
        long end;
        lock (gate)
        {
            end = stream.Length;
        }

        var block = new byte[RecordSize * 65536];
        position = Math.Clamp(position - (position % RecordSize), 0, end);
        reader.Position = position;
        while (position < end)
        {
            var want = (int)Math.Min(block.Length, end - position);
            reader.ReadExactly(block, 0, want);
            position += want;
            for (var pos = 0; pos < want; pos += RecordSize)
            {
                var ordinal = BinaryPrimitives.ReadInt32LittleEndian(block.AsSpan(pos));
                var ticks = BinaryPrimitives.ReadInt64LittleEndian(block.AsSpan(pos + 4));
                var units = BinaryPrimitives.ReadInt64LittleEndian(block.AsSpan(pos + 12));
                var direction = (Direction)block[pos + 20];
                yield return new LoggedRead(ordinal, ticks, units, direction);
            }
        }
    }

    public void Dispose() => stream.Dispose();

    /// <summary>Writes the IDs of ordinals not yet in <c>meters.ids</c>, flushed before the records that use them.</summary>
    private void EnsureIds(int maxOrdinal, MeterRegistry registry)
    {
        if (maxOrdinal < knownIds.Count)
        {
            return;
        }

        using var ids = new FileStream(idsPath, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 20);
        for (var o = knownIds.Count; o <= maxOrdinal; o++)
        {
            var id = registry.MeterIdUtf8Of(o);
            if (knownIds.Add(id) != o)
            {
                throw new InvalidOperationException($"meter ordinal {o} ({Encoding.UTF8.GetString(id)}) is already in the read log's meter list under another ordinal");
            }

            ids.Write(id);
            ids.WriteByte((byte)'\n');
        }

        ids.Flush(flushToDisk: true);
    }

    /// <summary>Loads <c>meters.ids</c>: logged ordinal n is line n.</summary>
    private void LoadIds()
    {
        if (!File.Exists(idsPath))
        {
            return;
        }

        var bytes = File.ReadAllBytes(idsPath);
        var rest = bytes.AsSpan();
        while (rest.Length > 0)
        {
            var end = rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                // A line without its newline is a torn write (the records that would use it were never
                // written): cut it off, so the next IDs start on a line of their own.
                using var torn = new FileStream(idsPath, FileMode.Open, FileAccess.Write);
                torn.SetLength(bytes.Length - rest.Length);
                break;
            }

            if (end > 0 && knownIds.Add(rest[..end]) < 0)
            {
                throw new InvalidDataException($"{idsPath} lists meter {Encoding.UTF8.GetString(rest[..end])} twice");
            }

            rest = rest[(end + 1)..];
        }
    }
}
