using System.Buffers.Binary;
using Renkei.Domain.Time;

namespace Renkei.Metering.Engine.Publication;

/// <summary>
/// What the engine has told retailers, made durable before they are told: an append-only file of fixed
/// <see cref="RecordSize"/>-byte records, each written with one write and flushed to disk (fsync) before the
/// engine makes it visible. Two kinds:
/// <list type="bullet">
/// <item>a <b>publication</b>: the slot, its version, its timeline (arrivals, compute, quality mix) and the read-log
/// position through which reads had been applied when the slot was marked published (a replay marks it there
/// again, so the reads after it revise it as they did the first time);</item>
/// <item>a <b>reservation</b>: the version sequence may hand out versions up to this one. Versions are reserved in
/// blocks, so revisions (many, on the ingest path) cost no disk write each; a restart goes on above the last
/// reservation, so no version is ever handed out twice or lower.</item>
/// </list>
/// A torn record at the tail (a crash mid-write) was never made visible and is ignored. The file grows by one
/// record per slot (48 a day) and one per block of versions.
/// </summary>
internal sealed class PublicationJournal
{
    public const int RecordSize = 128;
    private const byte PublicationKind = 1;
    private const byte ReservationKind = 2;

    /// <summary>Bit of a publication's flags byte (offset 5): the slot was back-filled (<see cref="SlotTimeline.BackFilled"/>).</summary>
    private const byte BackFilledFlag = 1;
    private static ReadOnlySpan<byte> Magic => "RKP1"u8;

    private readonly string path;
    private readonly Lock gate = new();

    private PublicationJournal(string path, List<JournaledPublication> publications, long reserved)
    {
        this.path = path;
        Publications = publications;
        Reserved = reserved;
    }

    /// <summary>The publications found when the journal was opened, in the order they were written.</summary>
    public IReadOnlyList<JournaledPublication> Publications { get; }

    /// <summary>The highest version reserved (or published) when the journal was opened: a restart goes on above it.</summary>
    public long Reserved { get; }

    /// <summary>Opens (or creates) the journal at <paramref name="path"/> and reads what it holds.</summary>
    public static PublicationJournal Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var publications = new List<JournaledPublication>();
        long reserved = 0;
        if (File.Exists(path))
        {
            var bytes = File.ReadAllBytes(path);
            var whole = bytes.Length - (bytes.Length % RecordSize);
            for (var at = 0; at < whole; at += RecordSize)
            {
                var record = bytes.AsSpan(at, RecordSize);
                if (!record[..4].SequenceEqual(Magic))
                {
                    throw new InvalidDataException($"{path}: record {at / RecordSize} is not a publication journal record");
                }

                switch (record[4])
                {
                    case PublicationKind:
                        var p = ReadPublication(record);
                        publications.Add(p);
                        reserved = Math.Max(reserved, p.Version);
                        break;
                    case ReservationKind:
                        reserved = Math.Max(reserved, BinaryPrimitives.ReadInt64LittleEndian(record[8..]));
                        break;
                    default:
                        throw new InvalidDataException($"{path}: record {at / RecordSize} has unknown kind {record[4]}");
                }
            }

            if (whole != bytes.Length)
            {
                // A torn tail: the write it belongs to never returned, so nothing it held was made visible.
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                file.SetLength(whole);
                file.Flush(flushToDisk: true);
            }
        }

        return new PublicationJournal(path, publications, reserved);
    }

    /// <summary>Makes a publication durable (returns once it is on disk).</summary>
    public void Append(JournaledPublication publication)
    {
        Span<byte> record = stackalloc byte[RecordSize];
        record.Clear();
        Magic.CopyTo(record);
        record[4] = PublicationKind;
        var t = publication.Timeline;
        record[5] = t.BackFilled ? BackFilledFlag : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], publication.Boundary);
        BinaryPrimitives.WriteInt64LittleEndian(record[16..], publication.Version);
        BinaryPrimitives.WriteInt64LittleEndian(record[24..], publication.LogPosition);
        BinaryPrimitives.WriteInt32LittleEndian(record[32..], t.ExpectedReads);
        BinaryPrimitives.WriteInt32LittleEndian(record[36..], t.ArrivedReads);
        WriteInstant(record[40..], t.Arrived50);
        WriteInstant(record[48..], t.Arrived90);
        WriteInstant(record[56..], t.Arrived99);
        WriteInstant(record[64..], t.Arrived100);
        WriteInstant(record[72..], t.ComputeStart);
        WriteInstant(record[80..], t.ComputeEnd);
        WriteInstant(record[88..], t.PublishedAt);
        var q = t.Quality ?? new QualityMix(0, 0, 0, 0, 0);
        BinaryPrimitives.WriteInt32LittleEndian(record[96..], q.Actual);
        BinaryPrimitives.WriteInt32LittleEndian(record[100..], q.Estimated);
        BinaryPrimitives.WriteInt32LittleEndian(record[104..], q.Missing);
        BinaryPrimitives.WriteInt32LittleEndian(record[108..], q.Invalid);
        BinaryPrimitives.WriteInt64LittleEndian(record[112..], q.TotalUnits);
        WriteInstant(record[120..], t.Cutoff);
        Write(record);
    }

    /// <summary>Makes a reservation of versions up to <paramref name="through"/> durable (returns once it is on disk).</summary>
    public void Reserve(long through)
    {
        Span<byte> record = stackalloc byte[RecordSize];
        record.Clear();
        Magic.CopyTo(record);
        record[4] = ReservationKind;
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], through);
        Write(record);
    }

    private void Write(ReadOnlySpan<byte> record)
    {
        lock (gate)
        {
            // Opened per record (a few a day): no handle is held, and a failed write is cut off before the next.
            using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
            var start = file.Length - (file.Length % RecordSize);
            file.Position = start;
            try
            {
                file.Write(record);
                file.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
                file.SetLength(start);
                throw;
            }
        }
    }

    private static JournaledPublication ReadPublication(ReadOnlySpan<byte> record)
    {
        var g = BinaryPrimitives.ReadInt64LittleEndian(record[8..]);
        var version = BinaryPrimitives.ReadInt64LittleEndian(record[16..]);
        var position = BinaryPrimitives.ReadInt64LittleEndian(record[24..]);
        var slot = Slot.Containing(new DateTimeOffset(g * Slot.TicksPerSlot, TimeSpan.Zero));
        var timeline = new SlotTimeline(
            slot,
            slot.End,
            ReadInstant(record[120..]) ?? slot.End,
            BinaryPrimitives.ReadInt32LittleEndian(record[32..]),
            BinaryPrimitives.ReadInt32LittleEndian(record[36..]),
            ReadInstant(record[40..]),
            ReadInstant(record[48..]),
            ReadInstant(record[56..]),
            ReadInstant(record[64..]),
            ReadInstant(record[72..]),
            ReadInstant(record[80..]),
            ReadInstant(record[88..]),
            version,
            new QualityMix(
                BinaryPrimitives.ReadInt32LittleEndian(record[96..]),
                BinaryPrimitives.ReadInt32LittleEndian(record[100..]),
                BinaryPrimitives.ReadInt32LittleEndian(record[104..]),
                BinaryPrimitives.ReadInt32LittleEndian(record[108..]),
                BinaryPrimitives.ReadInt64LittleEndian(record[112..])))
        {
            BackFilled = (record[5] & BackFilledFlag) != 0,
        };
        return new JournaledPublication(g, version, position, timeline);
    }

    private static void WriteInstant(Span<byte> at, DateTimeOffset? instant) =>
        BinaryPrimitives.WriteInt64LittleEndian(at, instant is { } i ? i.UtcTicks : long.MinValue);

    private static DateTimeOffset? ReadInstant(ReadOnlySpan<byte> at)
    {
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(at);
        return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
    }
}

/// <summary>
/// One journaled publication: the slot's start boundary, its version, the read-log position through which reads
/// had been applied when it was marked published, and its timeline as retailers saw it.
/// </summary>
internal sealed record JournaledPublication(long Boundary, long Version, long LogPosition, SlotTimeline Timeline);
