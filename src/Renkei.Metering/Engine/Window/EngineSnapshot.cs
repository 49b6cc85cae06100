using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Renkei.Metering.Engine.Window;

/// <summary>
/// Snapshots of the engine's partitions, so a restart loads the register ring instead of replaying the whole
/// read log: one file per partition (<c>snapshot-&lt;first ordinal&gt;.bin</c>), written to a temporary file and
/// renamed, holding the read-log position through which the partition had applied the log, its rows, their
/// boundaries and the carried registers. A restart loads them (all or none: a missing or mismatched file means a full replay)
/// and replays the log from the earliest position; reads already in a snapshot come again as idempotent
/// duplicates.
/// </summary>
internal static class EngineSnapshot
{
    private const int HeaderSize = 4 + 4 + 8 + 4 + 4 + 4 + 4 + 8 + 8 + 8;
    private static ReadOnlySpan<byte> Magic => "RKS1"u8;

    /// <summary>3: registers as 16-bit differences chained from a base per meter (<see cref="RegisterLane"/>).</summary>
    private const int Version = 3;

    public static string PathOf(string directory, MeterPartition part) =>
        System.IO.Path.Combine(directory, $"snapshot-{part.From:D10}.bin");

    public static void Write(string directory, MeterPartition part, int boundaries, long logPosition, ulong fingerprint)
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

    public static void Load(string directory, MeterPartition part, int boundaries)
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
    }
}
