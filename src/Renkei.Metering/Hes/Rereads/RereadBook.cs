using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Api.Metering;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Hes.Rereads;

/// <summary>
/// The re-reads of the last <see cref="SlotsKept"/> published slots: per slot, the reads at its end missing just
/// after its publication (all counted, the first <see cref="MaxListedPerSlot"/> listed), how often each listed
/// read was asked for, and which have arrived since. Bounded: a read is asked for at most
/// <see cref="MaxAttempts"/> times, and a slot is forgotten once <see cref="SlotsKept"/> newer ones are booked.
/// </summary>
internal sealed class RereadBook(int maxAttempts)
{
    /// <summary>Reads listed (asked for and followed) per slot; the rest are counted only.</summary>
    public const int MaxListedPerSlot = 50_000;

    /// <summary>Slots kept: two days.</summary>
    public const int SlotsKept = 2 * Slot.PerDay;

    private readonly Dictionary<Slot, SlotBook> slots = [];
    private readonly Queue<Slot> order = new();
    private readonly Lock gate = new();

    public int MaxAttempts { get; } = maxAttempts >= 1 ? maxAttempts : throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "a meter must be asked at least once");

    /// <summary>Books a published slot's missing reads (a slot booked before keeps its book).</summary>
    public void Open(Slot slot, int missing, List<(int Ordinal, Direction Direction)> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        lock (gate)
        {
            if (slots.ContainsKey(slot))
            {
                return;
            }

            slots[slot] = new SlotBook(slot, missing, [.. listed]);
            order.Enqueue(slot);
            while (order.Count > SlotsKept)
            {
                slots.Remove(order.Dequeue());
            }
        }
    }

    /// <summary>
    /// The reads to ask for now: in every booked slot, those still missing that were asked for fewer than
    /// <see cref="MaxAttempts"/> times (each counted as asked once more).
    /// </summary>
    public List<RereadItem> Due(ReadGaps gaps, Func<int, string> meterIdOf)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        ArgumentNullException.ThrowIfNull(meterIdOf);
        var due = new List<RereadItem>();
        lock (gate)
        {
            foreach (var slot in order)
            {
                var book = slots[slot];
                book.Refresh(gaps);
                var asked = false;
                for (var i = 0; i < book.Listed.Length; i++)
                {
                    if (book.Recovered[i] || book.Attempts[i] >= MaxAttempts)
                    {
                        continue;
                    }

                    var (o, d) = book.Listed[i];
                    book.Attempts[i]++;
                    asked = true;
                    due.Add(new RereadItem(meterIdOf(o), slot.End, d == Direction.Export ? "export" : "import"));
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
                requested += book.Attempts[i] > 0 ? 1 : 0;
            }

            return new SlotRereads(book.Missing, requested, book.RecoveredCount, book.Missing - book.RecoveredCount, book.Requests, MaxAttempts);
        }
    }

    private sealed class SlotBook(Slot slot, int missing, (int Ordinal, Direction Direction)[] listed)
    {
        private readonly long end = slot.End.UtcTicks / Slot.TicksPerSlot;

        public int Missing { get; } = missing;

        public (int Ordinal, Direction Direction)[] Listed { get; } = listed;

        public byte[] Attempts { get; } = new byte[listed.Length];

        public bool[] Recovered { get; } = new bool[listed.Length];

        public int RecoveredCount { get; private set; }

        public int Requests { get; set; }

        /// <summary>Marks the listed reads that have arrived since (a read once held stays held while the slot is in the window).</summary>
        public void Refresh(ReadGaps gaps)
        {
            for (var i = 0; i < Listed.Length; i++)
            {
                if (!Recovered[i] && gaps.IsPresent(Listed[i].Ordinal, Listed[i].Direction, end))
                {
                    Recovered[i] = true;
                    RecoveredCount++;
                }
            }
        }
    }
}
