using Renkei.Domain.Time;

namespace Renkei.Simulator.Fleet;

/// <summary>
/// A household load curve in integer arithmetic (energy never touches floating point): a per-slot profile with
/// a night trough, a morning peak and a larger evening peak, a seasonal factor (winter and summer high), a
/// weekend shape, and deterministic per-meter noise, so the same meter and slot always give the same value.
/// </summary>
internal static class LoadCurve
{
    // Percent of the meter's average, per half hour from 00:00 to 24:00.
    private static readonly int[] Weekday =
    [
        60, 55, 50, 45, 42, 40, 40, 40, 40, 42, 48, 60, 85, 120, 140, 130, 110, 90, 80, 75, 75, 78, 80, 82,
        85, 82, 78, 75, 75, 80, 90, 105, 125, 150, 170, 180, 180, 175, 165, 155, 145, 135, 125, 110, 95, 85, 75, 65,
    ];

    private static readonly int[] Weekend =
    [
        65, 60, 55, 50, 45, 42, 40, 40, 40, 40, 42, 45, 55, 70, 90, 110, 125, 130, 130, 125, 120, 118, 115, 112,
        110, 108, 105, 102, 100, 102, 108, 118, 130, 150, 165, 175, 175, 170, 160, 150, 140, 130, 120, 110, 100, 90, 80, 70,
    ];

    // Percent per month, January to December.
    private static readonly int[] Season = [135, 130, 110, 90, 80, 90, 115, 125, 100, 85, 95, 125];

    // Solar generation in percent of peak, per half hour (zero at night).
    private static readonly int[] Solar =
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 6, 12, 20, 30, 42, 55, 66, 76, 85, 92, 97, 100,
        100, 97, 92, 85, 76, 66, 55, 42, 30, 20, 12, 6, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    /// <summary>Import energy of a meter in a slot, in 0.0001 kWh.</summary>
    public static long ImportUnits(FleetMeter meter, Slot slot)
    {
        ArgumentNullException.ThrowIfNull(meter);
        var weekend = slot.Date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var profile = (weekend ? Weekend : Weekday)[slot.Number - 1];
        var season = Season[slot.Date.Month - 1];
        var noise = 70 + (int)(Hash(meter.Ordinal, slot.Index) % 61); // 70..130 %
        return meter.AverageUnitsPerSlot * profile / 100 * season / 100 * noise / 100;
    }

    /// <summary>Export (solar) energy of a meter in a slot, in 0.0001 kWh; zero without solar.</summary>
    public static long ExportUnits(FleetMeter meter, Slot slot)
    {
        ArgumentNullException.ThrowIfNull(meter);
        if (!meter.HasSolar)
        {
            return 0;
        }

        var clouds = 40 + (int)(Hash(meter.Ordinal ^ 0x5bd1e995, slot.Date.DayNumber) % 61); // 40..100 % per day
        return 16_000L * Solar[slot.Number - 1] / 100 * clouds / 100; // peak 1.6 kWh per half hour
    }

    /// <summary>A deterministic 64-bit mix (SplitMix64) of two integers.</summary>
    public static ulong Hash(long a, long b)
    {
        var z = unchecked((ulong)a * 0x9E3779B97F4A7C15UL + (ulong)b + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
