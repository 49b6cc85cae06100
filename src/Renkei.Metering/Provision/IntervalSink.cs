using System.IO.Pipelines;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;
using Renkei.Metering.Usage;

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

    /// <summary>Starts a fixed-usage (確定使用量) document for the month whose readings close its points' reading periods.</summary>
    public abstract void BeginUsage(DocumentInfo info, int year, int month);

    /// <summary>One supply point's fixed usage over its reading period: its totals and, per day held, the day's 48 values.</summary>
    public abstract void UsagePoint(string supplyPoint, VoltageClass voltage, in UsageSummary summary, UsagePeriod period, ReadOnlySpan<IntervalValue> values);

    /// <summary>
    /// A supply point whose usage is not yet providable (<paramref name="period"/> null when it has no reading period),
    /// with the reason. Only the formats that have a place for it write it (JSON); the market XML and the CSV carry
    /// fixed usage only.
    /// </summary>
    public virtual void PendingUsagePoint(string supplyPoint, VoltageClass voltage, UsagePeriod? period, string reason, string detail)
    {
    }

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
