using System.Globalization;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Usage;

/// <summary>
/// When a reading period's usage is fixed (確定), and its totals: the sum of the held days' values, the largest
/// 30-minute value and its slot (最大需要電力 = it × 2, kW). Fixed only when every held slot is final: published and
/// <c>actual</c>, or <c>estimated</c> (the engine estimates only a gap with reads on both sides, so an estimate is
/// final). Otherwise the reason names the first thing that is missing: slots not yet published, then missing, then
/// invalid values, with their counts and the first such slot.
/// </summary>
internal static class FixedUsageRules
{
    public const string NotPublished = "slots-not-published";
    public const string Missing = "slots-missing";
    public const string Invalid = "slots-invalid";

    /// <summary>
    /// Summarizes <paramref name="values"/> (the period's days × 48, in day order; only the days whose bit is set in
    /// <paramref name="heldDays"/> are read) for <paramref name="period"/>.
    /// </summary>
    public static UsageSummary Summarize(ReadOnlySpan<IntervalValue> values, ulong heldDays, UsagePeriod period)
    {
        if (values.Length < period.Days * Slot.PerDay)
        {
            throw new ArgumentException("values must hold 48 values per day of the period", nameof(values));
        }

        long total = 0, version = 0, maxUnits = 0;
        Slot? maxSlot = null;
        int unpublished = 0, missing = 0, invalid = 0;
        Slot? firstUnpublished = null, firstMissing = null, firstInvalid = null;
        for (var d = 0; d < period.Days; d++)
        {
            if ((heldDays & (1UL << d)) == 0)
            {
                continue;
            }

            var date = period.From.AddDays(d);
            var day = values.Slice(d * Slot.PerDay, Slot.PerDay);
            for (var k = 0; k < Slot.PerDay; k++)
            {
                var v = day[k];
                version = Math.Max(version, v.Version);
                if (v.Energy is { } e)
                {
                    total += e.Units;
                    if (maxSlot is null || e.Units > maxUnits)
                    {
                        maxUnits = e.Units;
                        maxSlot = new Slot(date, k + 1);
                    }
                }

                if (!v.Published)
                {
                    unpublished++;
                    firstUnpublished ??= new Slot(date, k + 1);
                }
                else if (v.Quality == Quality.Missing)
                {
                    missing++;
                    firstMissing ??= new Slot(date, k + 1);
                }
                else if (v.Quality == Quality.Invalid)
                {
                    invalid++;
                    firstInvalid ??= new Slot(date, k + 1);
                }
            }
        }

        var whole = heldDays == AllDays(period.Days);
        string? reason = null, detail = null;
        if (unpublished + missing + invalid > 0)
        {
            (reason, var count, var first, var what) = unpublished > 0 ? (NotPublished, unpublished, firstUnpublished, "not yet published")
                : missing > 0 ? (Missing, missing, firstMissing, "missing")
                : (Invalid, invalid, firstInvalid, "invalid");
            detail = string.Create(
                CultureInfo.InvariantCulture,
                $"{count} slot(s) of the period {what}, the first {DateText.Format(first!.Value.Date)} slot {first.Value.Number}; not final: {unpublished} unpublished, {missing} missing, {invalid} invalid");
        }

        return new UsageSummary(total, whole, heldDays, version, reason is null, reason, detail, maxUnits, maxSlot);
    }

    /// <summary>The bits of every day of a period of <paramref name="days"/> days.</summary>
    public static ulong AllDays(int days) => days >= 64 ? ulong.MaxValue : (1UL << days) - 1;

    /// <summary>The maximum demand in kW, 4 decimals (as the JSON writes it).</summary>
    public static decimal Kw(long demandUnits) => KwhText.JsonNumber(Kwh.FromUnits(demandUnits));
}
