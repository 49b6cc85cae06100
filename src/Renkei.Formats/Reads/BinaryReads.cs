namespace Renkei.Formats.Reads;

/// <summary>
/// The compact binary batch format of meter reads (<c>application/vnd.renkei.reads.v1</c>, see docs/formats.md):
/// the 4 bytes <c>RKR1</c>, then records of
/// <c>u8 meter-ID length · meter ID (UTF-8) · u32 boundary · i64 register · u8 direction</c>, little-endian,
/// where the boundary counts half hours since 0001-01-01T00:00Z, the register is in 0.0001 kWh and the direction is
/// 0 (import) or 1 (export). <see cref="BinaryReadsWriter"/> writes it and <see cref="BinaryReadsReader"/> reads it.
/// </summary>
public static class BinaryReads
{
    public const string ContentType = "application/vnd.renkei.reads.v1";

    /// <summary>Bytes after the meter ID: boundary (4), register (8), direction (1).</summary>
    public const int FixedBytes = 13;

    /// <summary>The longest record: the length byte, a meter ID of 255 bytes and the fixed part.</summary>
    public const int MaxRecordBytes = 1 + 255 + FixedBytes;

    public static ReadOnlySpan<byte> Magic => "RKR1"u8;

    /// <summary>The length of the record that starts at <paramref name="start"/> (its first byte is the meter ID's length).</summary>
    public static int RecordLength(ReadOnlySpan<byte> records, int start) => 1 + records[start] + FixedBytes;
}
