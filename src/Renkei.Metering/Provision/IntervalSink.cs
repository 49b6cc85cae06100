using System.IO.Pipelines;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Provision;

/// <summary>
/// A bulk document being written straight onto a <see cref="PipeWriter"/> (the response body, or a file): one
/// implementation per format (JSON, CSV, the market's XML). The exporters call it value by value and call
/// <see cref="FlushAsync"/> every few thousand values, so memory stays constant whatever the number of supply
/// points: no list of values is ever built.
/// </summary>
internal abstract class IntervalSink(PipeWriter output) : IDisposable
{
    protected PipeWriter Output { get; } = output;

    /// <summary>Whether a day is written slot by slot (slot outer, supply points inner) rather than point by point.</summary>
    public virtual bool DayIsSlotMajor => false;

    /// <summary>Starts a 30-minute energy document: one slot (<see cref="DocumentInfo.Slot"/> set) or one day.</summary>
    public abstract void BeginIntervals(DocumentInfo info);

    /// <summary>One supply point's value in the document's slot (or, slot-major, in the current day slot).</summary>
    public abstract void SlotValue(string supplyPoint, VoltageClass voltage, int slot, in IntervalValue value);

    /// <summary>Slot-major days only: the slot whose values follow.</summary>
    public virtual void BeginDaySlot(int slot)
    {
    }

    public virtual void EndDaySlot()
    {
    }

    /// <summary>Point-major days only: one supply point's 48 values.</summary>
    public virtual void PointDay(string supplyPoint, VoltageClass voltage, DateOnly date, ReadOnlySpan<IntervalValue> values) =>
        throw new NotSupportedException();

    /// <summary>Starts a fixed-usage (確定使用量) document for a month.</summary>
    public abstract void BeginUsage(DocumentInfo info, UsagePeriod period);

    /// <summary>One supply point's month: its totals and, per day it was held, the day's 48 values.</summary>
    public abstract void UsagePoint(string supplyPoint, VoltageClass voltage, in UsageSummary summary, UsagePeriod period, ReadOnlySpan<IntervalValue> values);

    public abstract void EndDocument();

    /// <summary>Moves what the writer holds into the pipe and lets the pipe send it (back-pressure applies here).</summary>
    public virtual async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        FlushWriter();
        await Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the format writer's buffered bytes into the pipe, without sending.</summary>
    protected abstract void FlushWriter();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>A month of fixed usage: its first day, the day after its last, and the next scheduled reading day.</summary>
internal readonly record struct UsagePeriod(int Year, int Month, DateOnly From, DateOnly To, DateOnly NextReading)
{
    public int Days => To.DayNumber - From.DayNumber;
}

/// <summary>
/// One supply point's month: total of the held days' values (0.0001 kWh), whether the retailer held it every day
/// (JP06404 "1"), whether every slot of the held days has a value (JP06405 "0"), and which days it held (a bit per
/// day of the month).
/// </summary>
internal readonly record struct UsageSummary(long TotalUnits, bool WholeMonth, bool Complete, uint HeldDays, long Version)
{
    public bool Held(int dayIndex) => (HeldDays & (1u << dayIndex)) != 0;
}
