using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Text;

namespace Renkei.Formats.Reads;

/// <summary>
/// Reads the <see cref="BinaryReads"/> batch format into <see cref="MeterRead"/>s, resolving each meter ID to its
/// ordinal as it goes. Written by hand: it is the HES's fastest path and allocates nothing per read.
/// </summary>
public static class BinaryReadsReader
{
    /// <summary>
    /// Decodes a batch on several cores: a quick pass over the record lengths splits it into parts of equal
    /// record counts, the parts are decoded in parallel, and the results are joined in order.
    /// </summary>
    public static void DecodeParallel(ReadOnlyMemory<byte> batch, IMeterOrdinals registry, List<MeterRead> reads, List<RejectedRead> rejected, int parts)
    {
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(rejected);
        var span = batch.Span;
        if (parts <= 1 || batch.Length < 1 << 16 || span.Length < 4 || !span[..4].SequenceEqual(BinaryReads.Magic))
        {
            Decode(span, registry, reads, rejected);
            return;
        }

        // Record offsets at the split points.
        var count = CountRecords(span[4..]);
        var starts = new List<(int Offset, int FirstRecord)> { (4, 0) };
        var perPart = (count + parts - 1) / parts;
        var pos = 4;
        for (var record = 0; record < count && pos < span.Length; record++)
        {
            if (record > 0 && record % perPart == 0)
            {
                starts.Add((pos, record));
            }

            pos += BinaryReads.RecordLength(span, pos);
        }

        // Each part decodes straight into its slice of the list (per-part lists would be hundreds of MB of
        // large-object allocations at 10M reads a batch), then the slices are closed up in order over the records
        // that were rejected.
        var old = reads.Count;
        CollectionsMarshal.SetCount(reads, old + count);
        var written = new int[starts.Count];
        var partRejected = new List<RejectedRead>[starts.Count];
        Parallel.For(0, starts.Count, i =>
        {
            var from = starts[i].Offset;
            var to = i + 1 < starts.Count ? starts[i + 1].Offset : batch.Length;
            partRejected[i] = [];
            var destination = CollectionsMarshal.AsSpan(reads)[(old + starts[i].FirstRecord)..];
            written[i] = DecodeRecords(batch.Span[from..to], registry, destination, partRejected[i], starts[i].FirstRecord);
        });

        var all = CollectionsMarshal.AsSpan(reads);
        var end = old;
        for (var i = 0; i < starts.Count; i++)
        {
            all.Slice(old + starts[i].FirstRecord, written[i]).CopyTo(all[end..]);
            end += written[i];
            rejected.AddRange(partRejected[i]);
        }

        CollectionsMarshal.SetCount(reads, end);
    }

    private static int CountRecords(ReadOnlySpan<byte> records)
    {
        var count = 0;
        var pos = 0;
        while (pos < records.Length)
        {
            pos += BinaryReads.RecordLength(records, pos);
            count++;
        }

        return count;
    }

    /// <summary>Decodes a whole batch. A bad magic rejects the batch (<see cref="ReadsFileException"/>); a truncated last record is reported as rejected.</summary>
    public static void Decode(ReadOnlySpan<byte> batch, IMeterOrdinals registry, List<MeterRead> reads, List<RejectedRead> rejected)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(reads);
        ArgumentNullException.ThrowIfNull(rejected);
        if (batch.Length < 4 || !batch[..4].SequenceEqual(BinaryReads.Magic))
        {
            throw new ReadsFileException("the binary batch does not start with RKR1");
        }

        var old = reads.Count;
        CollectionsMarshal.SetCount(reads, old + CountRecords(batch[4..]));
        var written = DecodeRecords(batch[4..], registry, CollectionsMarshal.AsSpan(reads)[old..], rejected, 0);
        CollectionsMarshal.SetCount(reads, old + written);
    }

    /// <summary>Decodes records into <paramref name="destination"/>; returns how many were written (rejected ones are not).</summary>
    /// <remarks>
    /// Records go in groups: first each record of the group is framed and its meter's slot in the registry's
    /// index announced (prefetched), then the group is looked up and decoded. The lookups are the cost here
    /// (a random access into a table of hundreds of MB per read); announced together, their cache misses
    /// overlap instead of following one another.
    /// </remarks>
    private static int DecodeRecords(ReadOnlySpan<byte> batch, IMeterOrdinals registry, Span<MeterRead> destination, List<RejectedRead> rejected, int firstRecord)
    {
        const int Group = 16;
        Span<int> starts = stackalloc int[Group];
        Span<int> hashes = stackalloc int[Group];
        var written = 0;
        var pos = 0;
        var record = firstRecord;
        while (pos < batch.Length)
        {
            var framed = 0;
            for (var scan = pos; framed < Group && scan < batch.Length; framed++)
            {
                var length = batch[scan];
                if (scan + 1 + length + BinaryReads.FixedBytes > batch.Length)
                {
                    break;
                }

                starts[framed] = scan;
                hashes[framed] = registry.PrefetchOrdinal(batch.Slice(scan + 1, length));
                scan += 1 + length + BinaryReads.FixedBytes;
            }

            if (framed == 0)
            {
                record++;
                rejected.Add(new RejectedRead(record, string.Create(CultureInfo.InvariantCulture, $"record {record} is truncated")));
                return written;
            }

            for (var k = 0; k < framed; k++)
            {
                record++;
                var at = starts[k];
                var idBytes = batch.Slice(at + 1, batch[at]);
                var p = at + 1 + idBytes.Length;
                var boundary = BinaryPrimitives.ReadUInt32LittleEndian(batch[p..]);
                var register = BinaryPrimitives.ReadInt64LittleEndian(batch[(p + 4)..]);
                var direction = batch[p + 12];
                pos = p + BinaryReads.FixedBytes;

                if (!registry.TryGetOrdinal(idBytes, hashes[k], out var ordinal))
                {
                    rejected.Add(new RejectedRead(record, $"unknown meter '{Echo.Prefix(Encoding.UTF8.GetString(idBytes))}'"));
                    continue;
                }

                if (direction > 1)
                {
                    rejected.Add(new RejectedRead(record, string.Create(CultureInfo.InvariantCulture, $"direction {direction} must be 0 (import) or 1 (export)")));
                    continue;
                }

                destination[written++] = new MeterRead(record, ordinal, boundary * Slot.TicksPerSlot, register, (Direction)direction);
            }
        }

        return written;
    }
}
