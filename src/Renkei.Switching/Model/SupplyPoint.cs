namespace Renkei.Switching.Model;

/// <summary>供給地点: a supply point, by its 22-digit ID, with the facility facts the switching rules need.</summary>
public sealed class SupplyPoint
{
    public required string Id { get; set; }

    /// <summary>TSO area number (the first two digits of the ID).</summary>
    public int Area { get; set; }

    public required string Address { get; set; }

    /// <summary>"low", "high" or "extra" (特別高圧) voltage; the standard processing period depends on it.</summary>
    public string VoltageClass { get; set; } = VoltageClasses.Low;

    /// <summary>Contract type (e.g. 従量電灯B); free text of the TSO.</summary>
    public string ContractType { get; set; } = string.Empty;

    /// <summary>Contract current in amperes (low voltage), if the contract is by amperes.</summary>
    public int? ContractAmperes { get; set; }

    /// <summary>Contract capacity in kW or kVA, if the contract is by capacity.</summary>
    public int? ContractCapacityKw { get; set; }

    /// <summary>"smart" or "conventional". A conventional meter must be replaced before a switch (meter work).</summary>
    public string MeterType { get; set; } = MeterTypes.Smart;

    /// <summary>Whether the meter is read remotely.</summary>
    public bool RemoteReading { get; set; } = true;

    /// <summary>
    /// 定例検針日: the scheduled meter-reading day of the month (1–28), for a point without a
    /// <see cref="ReadingSchedule"/> (or a month its schedule has no day for).
    /// </summary>
    public int ReadingDay { get; set; } = 1;

    /// <summary>
    /// 検針日程コード: the reading schedule the TSO assigned the point; its reading day in each month is in
    /// <see cref="ReadingScheduleDay"/> (the area's schedules). Null: the point reads on <see cref="ReadingDay"/>.
    /// </summary>
    public string? ReadingSchedule { get; set; }

    /// <summary>Smart-meter replacement status: "done", "planned" or "none".</summary>
    public string SmartMeterReplacement { get; set; } = "done";

    /// <summary>The (planned) smart-meter replacement date, if known.</summary>
    public DateOnly? SmartMeterReplacementDate { get; set; }

    /// <summary>
    /// The hub's ampere order (<see cref="TsoOrder.Id"/> of a <see cref="TsoOrderKinds.Ampere"/> order) whose current
    /// <see cref="ContractAmperes"/> reflects; 0 when none. The same number in the hub's store and in a TSO node's: the
    /// TSO's supply-point changes carry it, so the hub can tell a change written before the TSO applied its newer
    /// ampere order (docs/architecture.md, "Ampere changes at a TSO node").
    /// </summary>
    public long AmpereOrder { get; set; }

    /// <summary>Raised by every transaction that changes the point's applications: the row lock that serialises them.</summary>
    public long Version { get; set; }
}

/// <summary>The voltage classes of <see cref="SupplyPoint.VoltageClass"/>.</summary>
public static class VoltageClasses
{
    public const string Low = "low";
    public const string High = "high";

    /// <summary>特別高圧: extra-high voltage (the ≥ 500 kW column of the processing periods).</summary>
    public const string Extra = "extra";
}

/// <summary>The meter types of <see cref="SupplyPoint.MeterType"/>.</summary>
public static class MeterTypes
{
    public const string Smart = "smart";
    public const string Conventional = "conventional";
}
