using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Ingest;

/// <summary>
/// The embedded read log: an append-only file of fixed 21-byte binary records
/// (<c>i32 meter number, i64 UTC ticks, i64 register units, u8 direction</c>, little-endian) in
/// <c>reads.log</c>, and beside it <c>meters.ids</c>, the meter IDs, one per line: meter number n is line n.
/// A meter gets its number the first time the log sees it, and its line is flushed before any record that
/// uses it. Numbers belong to the log, not to the registry: replay maps each number to its meter ID and from
/// there to the current registry, so a registry file that is reordered or extended between restarts still
/// replays every read onto its own meter. The IDs are not kept in memory (at 30 million meters they would take
/// about 1 GB): the log reads <c>meters.ids</c> once per process, when it first meets the registry, to learn the
/// numbers of the registry's meters. A meter that left the registry and came back may get a second line; both
/// numbers replay onto it.
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
    private readonly Lock idsGate = new();

    // Registry ordinal → log number (−1: not logged yet). One registry per log while the process runs; null until
    // meters.ids has been read against it.
    private int[]? logOrdinalOf;

    // Lines in meters.ids (the next meter's number); known once meters.ids has been read.
    private int idCount;

    // Registry ordinals of the meters new to the log in the batch being numbered (reused under idsGate).
    private int[] pending = [];

    private const int NotLogged = -1;

    // meters.ids could not be cut back after a failed append: its lines no longer match idCount.
    private bool idsBroken;

    // A meter whose ID is being written to meters.ids, while idsGate is held; < 0 like NotLogged, so a reader
    // outside the lock takes the lock and waits for its number.
    private const int Pending = -2;

    public FileReadLog(string directory)
    {
        Directory.CreateDirectory(directory);
        path = Path.Combine(directory, "reads.log");
        idsPath = Path.Combine(directory, "meters.ids");
        CutTornIdLine();
        // Unbuffered: each batch is one write of its own buffer anyway, and a write the disk refused must not stay
        // behind in a FileStream buffer, to be written by the next flush or at dispose.
        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
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

        // Records carry the log's own number for each meter (its line in meters.ids), not the registry's
        // ordinal: a registry file that is reordered between restarts must not make a logged read another meter's.
        var map = EnsureLogOrdinals(reads, registry);
        var size = reads.Length * RecordSize;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            var pos = 0;
            foreach (ref readonly var read in reads)
            {
                var span = buffer.AsSpan(pos, RecordSize);
                BinaryPrimitives.WriteInt32LittleEndian(span, map[read.Ordinal]);
                BinaryPrimitives.WriteInt64LittleEndian(span[4..], read.UtcTicks);
                BinaryPrimitives.WriteInt64LittleEndian(span[12..], read.RegisterUnits);
                span[20] = (byte)read.Direction;
                pos += RecordSize;
            }

            lock (gate)
            {
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

    /// <summary>The meter ID of a log number, read from <c>meters.ids</c> (a scan of the file: for tools and tests).</summary>
    public string? MeterIdOfLogged(int loggedOrdinal)
    {
        string? found = null;
        var n = 0;
        ForEachId(id =>
        {
            if (n++ == loggedOrdinal)
            {
                found = Encoding.UTF8.GetString(id);
                return false;
            }

            return true;
        });
        return found;
    }

    /// <summary>
    /// Reads <c>meters.ids</c> against <paramref name="registry"/> if that has not happened yet, and numbers a
    /// fresh log's meters: a log that has no meter yet gets every registry meter's ID, in registry order, in one
    /// streamed write and one flush. Without it the first reads of each meter write its ID and flush it
    /// before their records: at 30M meters, 660 MB of IDs in the first ingest boundary, in one small append
    /// and flush per batch and partition, each holding the others up.
    /// </summary>
    public void Prepare(MeterRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        lock (idsGate)
        {
            if (logOrdinalOf is null)
            {
                Bind(registry, keepNumbers: false);
            }

            if (idCount > 0 || registry.Count == 0)
            {
                return;
            }

            var count = registry.Count;
            var map = Widened(logOrdinalOf!, count);
            AppendIds(count, o => o, registry);
            for (var o = 0; o < count; o++)
            {
                map[o] = o;
            }

            idCount = count;
            Volatile.Write(ref logOrdinalOf, map);
        }
    }

    /// <summary>For each log number, the ordinal of its meter in <paramref name="registry"/> (−1: not in it).</summary>
    public int[] OrdinalsOfLogged(MeterRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        lock (idsGate)
        {
            return Bind(registry, keepNumbers: true)!;
        }
    }

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
            var blockStart = position;
            position += want;
            for (var pos = 0; pos < want; pos += RecordSize)
            {
                var ordinal = BinaryPrimitives.ReadInt32LittleEndian(block.AsSpan(pos));
                var ticks = BinaryPrimitives.ReadInt64LittleEndian(block.AsSpan(pos + 4));
                var units = BinaryPrimitives.ReadInt64LittleEndian(block.AsSpan(pos + 12));
                var direction = (Direction)block[pos + 20];
                yield return new LoggedRead(ordinal, ticks, units, direction, blockStart + pos + RecordSize);
            }
        }
    }

    public void Dispose() => stream.Dispose();

    /// <summary>
    /// The log number of every meter in <paramref name="reads"/>, by registry ordinal: looked up by meter ID once
    /// per meter, and for a meter new to the log, its ID appended to <c>meters.ids</c> and flushed before any
    /// record that uses it.
    /// </summary>
    private int[] EnsureLogOrdinals(ReadOnlySpan<MeterRead> reads, MeterRegistry registry)
    {
        var map = Volatile.Read(ref logOrdinalOf) ?? [];
        var complete = true;
        foreach (ref readonly var read in reads)
        {
            if ((uint)read.Ordinal >= (uint)map.Length || map[read.Ordinal] < 0) // NotLogged or Pending
            {
                complete = false;
                break;
            }
        }

        if (complete)
        {
            return map;
        }

        lock (idsGate)
        {
            if (logOrdinalOf is null)
            {
                Bind(registry, keepNumbers: false);
            }

            map = logOrdinalOf!;
            var maxOrdinal = -1;
            foreach (ref readonly var read in reads)
            {
                maxOrdinal = Math.Max(maxOrdinal, read.Ordinal);
            }

            if (maxOrdinal >= map.Length)
            {
                map = Widened(map, Math.Max(maxOrdinal + 1, Math.Max(registry.Count, map.Length * 2)));
            }

            // IDs new to the log are written and flushed first; only then may records refer to them. A meter met
            // for the first time is marked Pending in the map itself and listed once in a reused buffer: at the
            // first sight of 30M meters a set and list per chunk were hundreds of MB of large-object garbage.
            var pendingCount = 0;
            foreach (ref readonly var read in reads)
            {
                if (map[read.Ordinal] != NotLogged)
                {
                    continue;
                }

                map[read.Ordinal] = Pending;
                if (pendingCount == pending.Length)
                {
                    Array.Resize(ref pending, Math.Max(1024, pending.Length * 2));
                }

                pending[pendingCount++] = read.Ordinal;
            }

            if (pendingCount > 0)
            {
                var fresh = pending.AsSpan(0, pendingCount);
                try
                {
                    AppendIds(pendingCount, i => pending[i], registry);
                }
                catch
                {
                    // Not written: these meters are still new to the log.
                    foreach (var o in fresh)
                    {
                        map[o] = NotLogged;
                    }

                    throw;
                }

                foreach (var o in fresh)
                {
                    map[o] = idCount++;
                }
            }

            Volatile.Write(ref logOrdinalOf, map);
            return map;
        }
    }

    /// <summary>The number map with room for <paramref name="length"/> registry ordinals (new ones not logged); the same array if it has.</summary>
    private static int[] Widened(int[] map, int length)
    {
        if (map.Length >= length)
        {
            return map;
        }

        var grown = new int[length];
        grown.AsSpan(map.Length).Fill(NotLogged);
        map.CopyTo(grown, 0);
        return grown;
    }

    /// <summary>
    /// Appends the IDs of <paramref name="count"/> meters (registry ordinals from <paramref name="ordinalAt"/>) to
    /// <c>meters.ids</c> and flushes them to disk. If that fails,
    /// the file is cut back to where it was, so the lines and the log's numbers stay in step; if even that fails,
    /// the log refuses every later write (a restart re-reads <c>meters.ids</c> and numbers from its real lines).
    /// </summary>
    private void AppendIds(int count, Func<int, int> ordinalAt, MeterRegistry registry)
    {
        if (idsBroken)
        {
            throw new IOException($"{idsPath} could not be cut back after a failed write; restart the service to go on");
        }

        // Unbuffered, filled from a block of its own: a write the disk refused stays in no FileStream buffer, so the
        // file can be cut back and the stream closed without writing it again.
        using var ids = new FileStream(idsPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 0);
        var start = ids.Seek(0, SeekOrigin.End);
        var block = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var used = 0;
            for (var i = 0; i < count; i++)
            {
                var id = registry.MeterIdUtf8Of(ordinalAt(i));
                if (used + id.Length + 1 > block.Length)
                {
                    ids.Write(block, 0, used);
                    used = 0;
                }

                id.CopyTo(block.AsSpan(used));
                block[used + id.Length] = (byte)'\n';
                used += id.Length + 1;
            }

            ids.Write(block, 0, used);
            ids.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            try
            {
                ids.SetLength(start);
            }
            catch (IOException)
            {
                idsBroken = true;
            }

            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>
    /// Reads <c>meters.ids</c> against <paramref name="registry"/>: learns each registry meter's number (the
    /// last line with its ID) and the number of lines. Returns, if asked, each number's registry ordinal.
    /// </summary>
    private int[]? Bind(MeterRegistry registry, bool keepNumbers)
    {
        var map = logOrdinalOf ?? new int[Math.Max(registry.Count, 1)];
        var fresh = logOrdinalOf is null;
        if (fresh)
        {
            map.AsSpan().Fill(NotLogged);
        }

        var numbers = keepNumbers ? new List<int>() : null;
        var n = 0;
        ForEachId(id =>
        {
            var ordinal = registry.TryGetOrdinal(id, out var o) ? o : -1;
            numbers?.Add(ordinal);
            if (fresh && ordinal >= 0 && ordinal < map.Length)
            {
                map[ordinal] = n;
            }

            n++;
            return true;
        });
        if (fresh)
        {
            idCount = n;
            Volatile.Write(ref logOrdinalOf, map);
        }

        return numbers?.ToArray();
    }

    private delegate bool IdVisitor(ReadOnlySpan<byte> id);

    /// <summary>Streams the complete lines of <c>meters.ids</c> in order, until <paramref name="visit"/> returns false.</summary>
    private void ForEachId(IdVisitor visit)
    {
        if (!File.Exists(idsPath))
        {
            return;
        }

        using var file = new FileStream(idsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var block = new byte[1 << 20];
        var held = 0;
        int read;
        while ((read = file.Read(block, held, block.Length - held)) > 0)
        {
            var filled = held + read;
            var rest = block.AsSpan(0, filled);
            while (rest.IndexOf((byte)'\n') is var end and >= 0)
            {
                if (!visit(rest[..end]))
                {
                    return;
                }

                rest = rest[(end + 1)..];
            }

            // A partial line waits for the next block (a line longer than the block cannot be a meter ID).
            if (rest.Length == block.Length)
            {
                throw new InvalidDataException($"{idsPath} holds a line longer than {block.Length} bytes");
            }

            rest.CopyTo(block);
            held = rest.Length;
        }
    }

    /// <summary>
    /// A last line without its newline is a torn write (the records that would use it were never written): cut
    /// it off, so the next IDs start on a line of their own.
    /// </summary>
    private void CutTornIdLine()
    {
        if (!File.Exists(idsPath))
        {
            return;
        }

        using var file = new FileStream(idsPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1);
        var end = file.Length;
        var block = new byte[4096];
        while (end > 0)
        {
            var size = (int)Math.Min(block.Length, end);
            file.Position = end - size;
            file.ReadExactly(block, 0, size);
            var last = block.AsSpan(0, size).LastIndexOf((byte)'\n');
            if (last >= 0)
            {
                var keep = end - size + last + 1;
                if (keep != file.Length)
                {
                    file.SetLength(keep);
                }

                return;
            }

            end -= size;
        }

        file.SetLength(0);
    }
}
