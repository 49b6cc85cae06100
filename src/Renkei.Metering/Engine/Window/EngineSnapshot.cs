using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Renkei.Domain.Time;

namespace Renkei.Metering.Engine.Window;

/// <summary>
/// Snapshots of the engine's partitions, so a restart loads the register ring instead of replaying the whole
/// read log: one file per partition (<c>snapshot-&lt;first ordinal&gt;.bin</c>), written to a temporary file and
/// renamed, holding the read-log position through which the partition had applied the log, its rows, their
/// boundaries, the carried registers and the revisions of its meters' published values (with the versions
/// retailers saw; a restart re-derives only the revisions of reads after the snapshot, under new versions). A restart loads them (all or none: a missing or mismatched file means a full replay)
/// and replays the log from the earliest position; reads already in a snapshot come again as idempotent
/// duplicates.
/// </summary>
internal static class EngineSnapshot
{
    private const int HeaderSize = 4 + 4 + 8 + 4 + 4 + 4 + 4 + 8 + 8 + 8;
    private static ReadOnlySpan<byte> Magic => "RKS1"u8;

    /// <summary>4: registers as 16-bit differences chained from a base per meter (<see cref="RegisterLane"/>), then the partition's revisions.</summary>
    private const int Version = 4;

    private const int RevisionSize = 8 + 4 + 1 + 8 + 8 + 1 + 8 + 1 + 8 + 8;

    public static string PathOf(string directory, MeterPartition part) =>
        System.IO.Path.Combine(directory, $"snapshot-{part.From:D10}.bin");

    public static void Write(string directory, MeterPartition part, int boundaries, long logPosition, ulong fingerprint, IReadOnlyList<Revision> revisions)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(directory, part);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Span<byte> header = stackalloc byte[HeaderSize];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteInt32LittleEndian(header[4..], Version);
            BinaryPrimitives.WriteInt64LittleEndian(header[8..], logPosition);
            BinaryPrimitives.WriteInt32LittleEndian(header[16..], part.From);
            BinaryPrimitives.WriteInt32LittleEndian(header[20..], part.Count);
            BinaryPrimitives.WriteInt32LittleEndian(header[24..], part.ExportCount);
            BinaryPrimitives.WriteInt32LittleEndian(header[28..], boundaries);
            BinaryPrimitives.WriteUInt64LittleEndian(header[32..], fingerprint);
            BinaryPrimitives.WriteInt64LittleEndian(header[40..], part.PersistedThrough);
            BinaryPrimitives.WriteInt64LittleEndian(header[48..], part.Accepted);
            file.Write(header);
            file.Write(MemoryMarshal.AsBytes(part.RowBoundary.AsSpan()));
            part.Import.WriteTo(file);
            part.Export.WriteTo(file);

            file.Write(MemoryMarshal.AsBytes(part.ImportCarry.AsSpan(0, part.Count)));
            file.Write(MemoryMarshal.AsBytes(part.ImportCarryBoundary.AsSpan(0, part.Count)));
            file.Write(MemoryMarshal.AsBytes(part.ExportCarry.AsSpan(0, part.ExportCount)));
            file.Write(MemoryMarshal.AsBytes(part.ExportCarryBoundary.AsSpan(0, part.ExportCount)));
            WriteRevisions(file, revisions);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads and checks a partition's header; false when the file is missing or belongs to another layout.</summary>
    public static bool TryReadHeader(string directory, MeterPartition part, int boundaries, ulong fingerprint, out long logPosition)
    {
        logPosition = 0;
        var path = PathOf(directory, part);
        if (!File.Exists(path))
        {
            return false;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read);
        Span<byte> header = stackalloc byte[HeaderSize];
        if (file.Read(header) != HeaderSize || !header[..4].SequenceEqual(Magic) || BinaryPrimitives.ReadInt32LittleEndian(header[4..]) != Version)
        {
            return false;
        }

        logPosition = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        return BinaryPrimitives.ReadInt32LittleEndian(header[16..]) == part.From
            && BinaryPrimitives.ReadInt32LittleEndian(header[20..]) == part.Count
            && BinaryPrimitives.ReadInt32LittleEndian(header[24..]) == part.ExportCount
            && BinaryPrimitives.ReadInt32LittleEndian(header[28..]) == boundaries
            && BinaryPrimitives.ReadUInt64LittleEndian(header[32..]) == fingerprint
            && file.Length >= HeaderSize + (8L * boundaries) + (2L * boundaries * (part.Count + part.ExportCount)) + (8L * 3 * (part.Count + part.ExportCount)) + 16;
    }

    /// <summary>Loads a partition's snapshot; returns the revisions it held.</summary>
    public static List<Revision> Load(string directory, MeterPartition part, int boundaries)
    {
        using var file = new FileStream(PathOf(directory, part), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Span<byte> header = stackalloc byte[HeaderSize];
        file.ReadExactly(header);
        part.PersistedThrough = BinaryPrimitives.ReadInt64LittleEndian(header[40..]);
        part.Accepted = BinaryPrimitives.ReadInt64LittleEndian(header[48..]);
        file.ReadExactly(MemoryMarshal.AsBytes(part.RowBoundary.AsSpan()));
        part.Import.ReadFrom(file);
        part.Export.ReadFrom(file);

        file.ReadExactly(MemoryMarshal.AsBytes(part.ImportCarry.AsSpan(0, part.Count)));
        file.ReadExactly(MemoryMarshal.AsBytes(part.ImportCarryBoundary.AsSpan(0, part.Count)));
        file.ReadExactly(MemoryMarshal.AsBytes(part.ExportCarry.AsSpan(0, part.ExportCount)));
        file.ReadExactly(MemoryMarshal.AsBytes(part.ExportCarryBoundary.AsSpan(0, part.ExportCount)));
        return ReadRevisions(file);
    }

    private static void WriteRevisions(Stream file, IReadOnlyList<Revision> revisions)
    {
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(count, revisions.Count);
        file.Write(count);
        var buffer = new byte[RevisionSize * Math.Max(revisions.Count, 1)];
        var at = 0;
        foreach (var r in revisions)
        {
            var span = buffer.AsSpan(at, RevisionSize);
            BinaryPrimitives.WriteInt64LittleEndian(span, r.Version);
            BinaryPrimitives.WriteInt32LittleEndian(span[8..], r.Ordinal);
            span[12] = (byte)r.Direction;
            BinaryPrimitives.WriteInt64LittleEndian(span[13..], r.Slot.Start.UtcTicks);
            BinaryPrimitives.WriteInt64LittleEndian(span[21..], r.OldEnergy?.Units ?? long.MinValue);
            span[29] = (byte)r.OldQuality;
            BinaryPrimitives.WriteInt64LittleEndian(span[30..], r.NewEnergy?.Units ?? long.MinValue);
            span[38] = (byte)r.NewQuality;
            BinaryPrimitives.WriteInt64LittleEndian(span[39..], r.At.UtcTicks);
            BinaryPrimitives.WriteInt64LittleEndian(span[47..], r.PreviousVersion);
            at += RevisionSize;
        }

        file.Write(buffer, 0, at);
    }

    private static List<Revision> ReadRevisions(Stream file)
    {
        Span<byte> count = stackalloc byte[4];
        file.ReadExactly(count);
        var n = BinaryPrimitives.ReadInt32LittleEndian(count);
        var buffer = new byte[RevisionSize * Math.Max(n, 1)];
        file.ReadExactly(buffer, 0, RevisionSize * n);
        var revisions = new List<Revision>(n);
        for (var i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> span = buffer.AsSpan(i * RevisionSize, RevisionSize);
            var oldUnits = BinaryPrimitives.ReadInt64LittleEndian(span[21..]);
            var newUnits = BinaryPrimitives.ReadInt64LittleEndian(span[30..]);
            revisions.Add(new Revision(
                BinaryPrimitives.ReadInt64LittleEndian(span),
                BinaryPrimitives.ReadInt32LittleEndian(span[8..]),
                (Direction)span[12],
                Slot.Containing(new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(span[13..]), TimeSpan.Zero)),
                oldUnits == long.MinValue ? null : Kwh.FromUnits(oldUnits),
                (Quality)span[29],
                newUnits == long.MinValue ? null : Kwh.FromUnits(newUnits),
                (Quality)span[38],
                new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(span[39..]), TimeSpan.Zero),
                BinaryPrimitives.ReadInt64LittleEndian(span[47..])));
        }

        return revisions;
    }
}
