namespace Renkei.Metering.Usage;

/// <summary>
/// A supply point's reading period (検針期間) for the month <paramref name="Year"/>-<paramref name="Month"/>: from the
/// scheduled reading day of the month before (<paramref name="From"/>, inclusive) to the month's own reading day
/// (<paramref name="To"/>, exclusive: the reading that closes the period), and the reading day after that
/// (<paramref name="NextReading"/>).
/// </summary>
internal readonly record struct UsagePeriod(int Year, int Month, DateOnly From, DateOnly To, DateOnly NextReading)
{
    /// <summary>The longest reading period Renkei cuts: a schedule giving a longer one is refused as not providable.</summary>
    public const int MaxDays = 62;

    public int Days => To.DayNumber - From.DayNumber;
}

/// <summary>
/// One supply point's usage over the part of its reading period one retailer held: the total of the held days'
/// values (0.0001 kWh), whether the retailer held the whole period (JP06405 "0"), which days it held (a bit per day of
/// the period), the newest version among the values, whether the usage is fixed (every held slot final) and if not
/// why (<paramref name="Reason"/>, <paramref name="Detail"/>), and the largest 30-minute value with its slot (the
/// period's maximum demand is twice it, in kW).
/// </summary>
internal readonly record struct UsageSummary(
    long TotalUnits,
    bool WholePeriod,
    ulong HeldDays,
    long Version,
    bool Fixed,
    string? Reason,
    string? Detail,
    long MaxUnits,
    Domain.Time.Slot? MaxSlot)
{
    public bool Held(int dayIndex) => (HeldDays & (1UL << dayIndex)) != 0;

    /// <summary>最大需要電力: the largest 30-minute energy × 2, in 0.0001 kW; null when no slot had a value.</summary>
    public long? MaxDemandUnits => MaxSlot is null ? null : MaxUnits * 2;
}
