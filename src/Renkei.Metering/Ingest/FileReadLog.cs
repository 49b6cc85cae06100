using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Renkei.Metering.Engine;

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
    private readonly List<string> knownIds;

    public FileReadLog(string directory)
    {
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, "reads.log");
        idsPath = Path.Combine(directory, "meters.ids");
        knownIds = File.Exists(idsPath) ? [.. File.ReadAllLines(idsPath, Encoding.UTF8).Where(l => l.Length > 0)] : [];
        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var valid = stream.Length - (stream.Length % RecordSize);
        if (stream.Length != valid)
        {
            stream.SetLength(valid);
        }

        stream.Seek(0, SeekOrigin.End);
    }

    public void Append(ReadOnlySpan<MeterRead> reads, IReadOnlyList<string> meterIds)
    {
        ArgumentNullException.ThrowIfNull(meterIds);
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
                EnsureIds(maxOrdinal, meterIds);
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

    /// <summary>Every record from the start, in order. The meter ID strings are shared, not allocated per record.</summary>
    public IEnumerable<LoggedRead> ReadAll() => ReadFrom(0);

    /// <summary>The records from <paramref name="position"/> on (rounded down to a record).</summary>
    public IEnumerable<LoggedRead> ReadFrom(long position)
    {
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
        long end;
        string[] ids;
        lock (gate)
        {
            end = stream.Length;
            ids = [.. knownIds];
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
                var id = (uint)ordinal < (uint)ids.Length ? ids[ordinal] : string.Empty;
                yield return new LoggedRead(id, ticks, units, direction, ordinal);
            }
        }
    }

    public void Dispose() => stream.Dispose();

    /// <summary>Writes the IDs of ordinals not yet in <c>meters.ids</c>, flushed before the records that use them.</summary>
    private void EnsureIds(int maxOrdinal, IReadOnlyList<string> meterIds)
    {
        if (maxOrdinal < knownIds.Count)
        {
            return;
        }

        var added = new StringBuilder();
        for (var o = knownIds.Count; o <= maxOrdinal; o++)
        {
            knownIds.Add(meterIds[o]);
            added.Append(meterIds[o]).Append('\n');
        }

        using var ids = new FileStream(idsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        ids.Write(Encoding.UTF8.GetBytes(added.ToString()));
        ids.Flush(flushToDisk: true);
    }
}
