using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Api.Metering;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Hes.Rereads;

/// <summary>
/// The re-reads of the last <see cref="SlotsKept"/> published slots: per slot, the meters' values lacking a read
/// at the slot's start or end just after its publication (all counted, the first <see cref="MaxListedPerSlot"/>
/// listed), whether each listed value was asked for, and which have both reads since. A read is asked for at most
/// <see cref="MaxAttempts"/> times, however many slots it is an end of (a meter silent for several slots: each
/// inner read ends two of them), and once per round; a slot is forgotten once <see cref="SlotsKept"/> newer ones
/// are booked. <see cref="RereadBookFile"/> keeps it across restarts.
/// </summary>
internal sealed class RereadBook(int maxAttempts)
{
    /// <summary>Values listed (asked for and followed) per slot; the rest are counted only.</summary>
    public const int MaxListedPerSlot = 50_000;

    /// <summary>Slots kept: two days.</summary>
    public const int SlotsKept = 2 * Slot.PerDay;

    private readonly Dictionary<Slot, SlotBook> slots = [];
    private readonly Queue<Slot> order = new();
    private readonly Dictionary<(int Ordinal, Direction Direction, long Boundary), byte> attempts = [];
    private readonly Lock gate = new();

    public int MaxAttempts { get; } = maxAttempts >= 1 ? maxAttempts : throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "a meter must be asked at least once");

    /// <summary>The newest slot booked (null: none).</summary>
    public Slot? Newest
    {
        get
        {
            lock (gate)
            {
                return order.Count == 0 ? null : order.Last();
            }
        }
    }

    /// <summary>Books a published slot's values lacking a read (a slot booked before keeps its book).</summary>
    public void Open(Slot slot, int missing, List<GapRead> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        lock (gate)
        {
            if (slots.ContainsKey(slot))
            {
                return;
            }

            Add(new SlotBook(slot, missing, [.. listed]));
        }
    }

    /// <summary>
    /// The reads to ask for now: in every booked slot, the absent ends of the values not yet whole, each read once
    /// and only while it was asked for fewer than <see cref="MaxAttempts"/> times (counted as asked once more).
    /// </summary>
    public List<RereadItem> Due(ReadGaps gaps, Func<int, string> meterIdOf)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        ArgumentNullException.ThrowIfNull(meterIdOf);
        var due = new List<RereadItem>();
        var round = new HashSet<(int, Direction, long)>();
        lock (gate)
        {
            foreach (var slot in order)
            {
                var book = slots[slot];
                book.Refresh(gaps);
                var asked = false;
                for (var i = 0; i < book.Listed.Length; i++)
                {
                    if (book.Recovered[i])
                    {
                        continue;
                    }

                    var (o, d, ends) = book.Listed[i];
                    for (var e = 0; e < 2; e++)
                    {
                        var g = book.StartBoundary + e;
                        if ((ends & (e == 0 ? MissingEnds.Start : MissingEnds.End)) == 0 || gaps.IsPresent(o, d, g))
                        {
                            continue;
                        }

                        var key = (o, d, g);
                        if (!round.Contains(key))
                        {
                            var n = attempts.GetValueOrDefault(key);
                            if (n >= MaxAttempts)
                            {
                                continue;
                            }

                            attempts[key] = (byte)(n + 1);
                            round.Add(key);
                            due.Add(new RereadItem(meterIdOf(o), new DateTimeOffset(g * Slot.TicksPerSlot, TimeSpan.Zero), d == Direction.Export ? "export" : "import"));
                        }

                        book.Asked[i] = true;
                        asked = true;
                    }
                }

                if (asked)
                {
                    book.Requests++;
                }
            }
        }

        return due;
    }

    /// <summary>What re-reading did for <paramref name="slot"/> so far (null if it is not booked).</summary>
    public SlotRereads? Report(Slot slot, ReadGaps gaps)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        lock (gate)
        {
            if (!slots.TryGetValue(slot, out var book))
            {
                return null;
            }

            book.Refresh(gaps);
            var requested = 0;
            for (var i = 0; i < book.Listed.Length; i++)
            {
                requested += book.Asked[i] ? 1 : 0;
            }

            return new SlotRereads(book.Missing, requested, book.RecoveredCount, book.Missing - book.RecoveredCount, book.Requests, MaxAttempts);
        }
    }

    /// <summary>Writes the book (every slot booked and how often each read was asked) for <see cref="ReadFrom"/>.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (gate)
        {
            writer.Write(order.Count);
            foreach (var slot in order)
            {
                var book = slots[slot];
                writer.Write(slot.Date.DayNumber);
                writer.Write((byte)slot.Number);
                writer.Write(book.Missing);
                writer.Write(book.Requests);
                writer.Write(book.Listed.Length);
                for (var i = 0; i < book.Listed.Length; i++)
                {
                    var (o, d, ends) = book.Listed[i];
                    writer.Write(o);
                    writer.Write((byte)d);
                    writer.Write((byte)ends);
                    writer.Write((byte)((book.Recovered[i] ? 1 : 0) | (book.Asked[i] ? 2 : 0)));
                }
            }

            writer.Write(attempts.Count);
            foreach (var ((o, d, g), n) in attempts)
            {
                writer.Write(o);
                writer.Write((byte)d);
                writer.Write(g);
                writer.Write(n);
            }
        }
    }

    /// <summary>
    /// Reads back what <see cref="WriteTo"/> wrote, keeping the values of meters below <paramref name="meters"/> (the
    /// registry's). The whole book is read before any of it is taken: one that does not read changes nothing.
    /// </summary>
    public void ReadFrom(BinaryReader reader, int meters)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var books = new List<SlotBook>();
        var count = reader.ReadInt32();
        for (var s = 0; s < count; s++)
        {
            var slot = new Slot(DateOnly.FromDayNumber(reader.ReadInt32()), reader.ReadByte());
            var missing = reader.ReadInt32();
            var requests = reader.ReadInt32();
            var n = reader.ReadInt32();
            var listed = new List<GapRead>();
            var flags = new List<byte>();
            for (var i = 0; i < n; i++)
            {
                var read = new GapRead(reader.ReadInt32(), (Direction)reader.ReadByte(), (MissingEnds)reader.ReadByte());
                var f = reader.ReadByte();
                if ((uint)read.Ordinal < (uint)meters)
                {
                    listed.Add(read);
                    flags.Add(f);
                }
            }

            var book = new SlotBook(slot, missing, [.. listed]) { Requests = requests };
            for (var i = 0; i < listed.Count; i++)
            {
                book.Restore(i, recovered: (flags[i] & 1) != 0, asked: (flags[i] & 2) != 0);
            }

            books.Add(book);
        }

        var asked = new List<((int, Direction, long) Key, byte Times)>();
        var keys = reader.ReadInt32();
        for (var i = 0; i < keys; i++)
        {
            asked.Add(((reader.ReadInt32(), (Direction)reader.ReadByte(), reader.ReadInt64()), reader.ReadByte()));
        }

        lock (gate)
        {
            foreach (var (key, times) in asked)
            {
                attempts[key] = times;
            }

            foreach (var book in books)
            {
                if (slots.TryAdd(book.Slot, book))
                {
                    Add(book);
                }
            }
        }
    }

    private void Add(SlotBook book)
    {
        slots[book.Slot] = book;
        order.Enqueue(book.Slot);
        if (order.Count <= SlotsKept)
        {
            return;
        }

        while (order.Count > SlotsKept)
        {
            slots.Remove(order.Dequeue());
        }

        // A read older than the oldest slot kept is no end of any booked slot: its count goes.
        var oldest = slots[order.Peek()].StartBoundary;
        foreach (var key in attempts.Keys.Where(k => k.Boundary < oldest).ToList())
        {
            attempts.Remove(key);
        }
    }

    private sealed class SlotBook(Slot slot, int missing, GapRead[] listed)
    {
        public Slot Slot { get; } = slot;

        /// <summary>The boundary at the slot's start; its end is the next one.</summary>
        public long StartBoundary { get; } = slot.Start.UtcTicks / Slot.TicksPerSlot;

        public int Missing { get; } = missing;

        public GapRead[] Listed { get; } = listed;

        public bool[] Asked { get; } = new bool[listed.Length];

        public bool[] Recovered { get; } = new bool[listed.Length];

        public int RecoveredCount { get; private set; }

        public int Requests { get; set; }

        public void Restore(int i, bool recovered, bool asked)
        {
            Asked[i] = asked;
            if (recovered && !Recovered[i])
            {
                Recovered[i] = true;
                RecoveredCount++;
            }
        }

        /// <summary>Marks the listed values whose absent reads have all arrived since (a read once held stays held while the slot is in the window).</summary>
        public void Refresh(ReadGaps gaps)
        {
            for (var i = 0; i < Listed.Length; i++)
            {
                var (o, d, ends) = Listed[i];
                if (!Recovered[i]
                    && ((ends & MissingEnds.Start) == 0 || gaps.IsPresent(o, d, StartBoundary))
                    && ((ends & MissingEnds.End) == 0 || gaps.IsPresent(o, d, StartBoundary + 1)))
                {
                    Recovered[i] = true;
                    RecoveredCount++;
                }
            }
        }
    }
}
