using System.Globalization;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;

namespace Renkei.Metering.Engine.Window;

/// <summary>
/// The rules a read must pass to enter the register window, and its entry. <see cref="Check"/> judges a read
/// without changing anything (before the read log makes it durable); <see cref="Apply"/> judges it again
/// against the window as it is then and stores it. Exact duplicates are idempotent; a conflicting duplicate, a
/// read before the meter's installation or after its removal, a register beyond its digits, an export read on
/// an import-only meter or a read outside the in-memory window is rejected with its reason. The caller holds
/// the partition's lock. <paramref name="leaving"/> takes each slot that leaves the window, with the partition,
/// before its registers are retired (null: such slots are dropped).
/// </summary>
internal sealed class ReadAdmission(RegisterWindow window, Action<MeterPartition, long>? leaving)
{
    public AdmissionResult Check(MeterPartition part, in MeterRead read, long futureLimit, out string? reason)
    {
        var verdict = JudgeFacts(read, futureLimit, out reason);
        if (verdict is not null)
        {
            return verdict.Value;
        }

        var g = RegisterWindow.BoundaryOf(read.UtcTicks);
        var r = window.Row(g);
        var held = part.RowBoundary[r];
        if (held > g)
        {
            reason = "read is older than the in-memory window";
            return AdmissionResult.Rejected;
        }

        // A row held by an older boundary moves on to this one: nothing is stored at the read's instant yet.
        if (held != g || !window.IsPresentInRow(part, read.Ordinal, read.Direction, r))
        {
            return AdmissionResult.Accepted;
        }

        return Compare(window.LoadRow(part, read.Ordinal, read.Direction, r), read, out reason);
    }

    public AdmissionResult Apply(MeterPartition part, in MeterRead read, long futureLimit, out string? reason)
    {
        var verdict = JudgeFacts(read, futureLimit, out reason);
        if (verdict is not null)
        {
            return verdict.Value;
        }

        var g = RegisterWindow.BoundaryOf(read.UtcTicks);
        var boundaries = window.Boundaries;
        var r = window.Row(g);
        var held = part.RowBoundary[r];
        if (part.PersistedThrough == long.MinValue)
        {
            part.PersistedThrough = g - boundaries;
        }

        if (held != g)
        {
            if (held > g)
            {
                reason = "read is older than the in-memory window";
                return AdmissionResult.Rejected;
            }

            // The boundary the row held leaves the window, and with it the slot that starts there: the values of
            // every slot leaving the window are taken for the history store first (also slots whose start row
            // this partition never used because none of its meters read then).
            if (leaving is not null)
            {
                for (var s = part.PersistedThrough + 1; s <= g - boundaries; s++)
                {
                    leaving(part, s);
                }

                part.PersistedThrough = Math.Max(part.PersistedThrough, g - boundaries);
            }

            window.MoveRow(part, r, g);
        }

        var current = window.LoadRow(part, read.Ordinal, read.Direction, r);
        var result = Compare(current, read, out reason);
        if (result == AdmissionResult.Accepted)
        {
            window.Store(part, read, read.RegisterUnits);
        }

        return result;
    }

    private static AdmissionResult Compare(long current, in MeterRead read, out string? reason)
    {
        reason = null;
        if (current == RegisterWindow.Absent)
        {
            return AdmissionResult.Accepted;
        }

        if (current == read.RegisterUnits)
        {
            return AdmissionResult.Duplicate;
        }

        reason = string.Create(CultureInfo.InvariantCulture, $"conflicting duplicate: register already {Kwh.FromUnits(current)} kWh at this instant");
        return AdmissionResult.Rejected;
    }

    /// <summary>The rules that need the meter's facts but not the ring; null when the read passes them.</summary>
    private AdmissionResult? JudgeFacts(in MeterRead read, long futureLimit, out string? reason)
    {
        var o = read.Ordinal;
        reason = null;
        if ((uint)o >= (uint)window.Meters)
        {
            reason = "meter was registered after the engine started";
            return AdmissionResult.Rejected;
        }

        if (read.UtcTicks % Slot.TicksPerSlot != 0)
        {
            reason = "read instant is not on a 30-minute boundary";
            return AdmissionResult.Rejected;
        }

        var g = RegisterWindow.BoundaryOf(read.UtcTicks);
        var installed = window.InstalledAt(o);
        var removed = window.RemovedAt(o);
        if (g < installed)
        {
            reason = "read is before the meter's installation at " + Format(installed);
            return AdmissionResult.Rejected;
        }

        if (g > removed)
        {
            reason = "read is after the meter's removal at " + Format(removed);
            return AdmissionResult.Rejected;
        }

        if (g > futureLimit)
        {
            reason = "read instant is in the future";
            return AdmissionResult.Rejected;
        }

        if (read.Direction == Direction.Export && !window.MeasuresExport(o))
        {
            reason = "meter does not measure export";
            return AdmissionResult.Rejected;
        }

        if (read.RegisterUnits < 0)
        {
            reason = "register value is negative";
            return AdmissionResult.Rejected;
        }

        if (read.RegisterUnits >= window.Rollover(o))
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"register value exceeds the meter's {window.Registry.DigitsOf(o)} digits");
            return AdmissionResult.Rejected;
        }

        // The rare case of a read at the boundary of the meter's installation or removal slot.
        if ((g == installed || g == removed) && JudgeEdge(read, g, installed, out reason) is { } edge)
        {
            return edge;
        }

        if (window.IsBeyondWindow(g))
        {
            reason = "read is older than the in-memory window";
            return AdmissionResult.Rejected;
        }

        return null;
    }

    /// <summary>
    /// A read at the start of the meter's installation slot or the end of its removal slot. When the installation
    /// or removal lies inside that slot (a replacement at any minute) the boundary is outside the meter's period:
    /// rejected. On a boundary, the registry's initial and final registers are the reads there (export ones only
    /// when the registry has them): a read equal to them is a duplicate, another value a conflict. Null when the
    /// read goes on to the window's rules.
    /// </summary>
    private AdmissionResult? JudgeEdge(in MeterRead read, long g, int installed, out string? reason)
    {
        var o = read.Ordinal;
        reason = null;
        var facts = window.Registry.FactsOf(o);
        if (g == installed && facts.InstalledTicks % Slot.TicksPerSlot != 0)
        {
            reason = "read is before the meter's installation at " + FormatTicks(facts.InstalledTicks);
            return AdmissionResult.Rejected;
        }

        if (g != installed && facts.RemovedTicks is { } removedTicks && removedTicks % Slot.TicksPerSlot != 0)
        {
            reason = "read is after the meter's removal at " + FormatTicks(removedTicks);
            return AdmissionResult.Rejected;
        }

        var registered = read.Direction == Direction.Import
            ? g == installed ? facts.InitialUnits : facts.FinalUnits ?? RegisterWindow.Absent
            : window.Registry.ExportEdgeUnitsOf(o, atInstallation: g == installed);
        if (read.Direction == Direction.Export && registered == RegisterWindow.Absent)
        {
            return null;
        }

        if (registered == read.RegisterUnits || registered == RegisterWindow.Absent)
        {
            return AdmissionResult.Duplicate;
        }

        reason = string.Create(CultureInfo.InvariantCulture, $"conflicting duplicate: the registry has {Kwh.FromUnits(registered)} kWh at this instant");
        return AdmissionResult.Rejected;
    }

    private static string FormatTicks(long utcTicks) =>
        Jst.ToJst(new DateTimeOffset(utcTicks, TimeSpan.Zero)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Format(long g) =>
        Jst.ToJst(new DateTimeOffset(g * Slot.TicksPerSlot, TimeSpan.Zero)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
}
