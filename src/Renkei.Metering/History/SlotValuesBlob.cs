using System.Runtime.InteropServices;

namespace Renkei.Metering.History;

/// <summary>
/// The column-oriented layout of one slot's values for one partition, shared by every history store:
/// <c>[i32 import units × n][u8 import quality × n][i32 export units × n][u8 export quality × n]</c>, little-endian.
/// </summary>
internal static class SlotValuesBlob
{
    public const int BytesPerMeter = 10;

    public static byte[] Encode(ReadOnlySpan<int> importUnits, ReadOnlySpan<byte> importQuality, ReadOnlySpan<int> exportUnits, ReadOnlySpan<byte> exportQuality)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the history blob layout is little-endian");
        }

        var n = importUnits.Length;
        var data = new byte[n * BytesPerMeter];
        MemoryMarshal.AsBytes(importUnits).CopyTo(data);
        importQuality.CopyTo(data.AsSpan(n * 4));
        MemoryMarshal.AsBytes(exportUnits).CopyTo(data.AsSpan(n * 5));
        exportQuality.CopyTo(data.AsSpan(n * 9));
        return data;
    }

    /// <summary>Byte offset of meter <paramref name="i"/>'s units (4 bytes) in a blob of <paramref name="n"/> meters.</summary>
    public static long UnitsOffset(int n, int i, bool exportLane) => (exportLane ? n * 5L : 0) + (i * 4L);

    /// <summary>Byte offset of meter <paramref name="i"/>'s quality (1 byte) in a blob of <paramref name="n"/> meters.</summary>
    public static long QualityOffset(int n, int i, bool exportLane) => (exportLane ? n * 9L : n * 4L) + i;
}
