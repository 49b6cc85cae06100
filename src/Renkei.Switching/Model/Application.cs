namespace Renkei.Switching.Model;

/// <summary>
/// 申込: one application of a retailer to the switching hub (switch-in, switch-out, ...), with its current
/// processing stage (受付工程). Every change of <see cref="Status"/> is also written to the audit trail.
/// </summary>
public sealed class Application
{
    public long Id { get; set; }

    /// <summary>申込番号: the application number the retailer polls with (e.g. A000000000123).</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>The interface ID of the kind (IF_10610 switch-in, IF_10710 switch-out, ...).</summary>
    public required string Kind { get; set; }

    public required string RetailerCode { get; set; }

    public required string SupplyPointId { get; set; }

    /// <summary>受付工程 code (see <see cref="ApplicationStatus"/>).</summary>
    public string Status { get; set; } = ApplicationStatus.Received;

    /// <summary>The date the retailer asked for, if any.</summary>
    public DateOnly? RequestedDate { get; set; }

    /// <summary>The effective switch (or end) date.</summary>
    public DateOnly? SwitchDate { get; set; }

    /// <summary>The last day on which matching can still meet <see cref="SwitchDate"/>; unmatched after it, rejected.</summary>
    public DateOnly? Deadline { get; set; }

    /// <summary>Whether meter or communication-unit work is needed first (a longer processing period applies).</summary>
    public bool MeterWork { get; set; }

    /// <summary>計器取替予定月日: the TSO's planned meter replacement date for this switch, once it set one.</summary>
    public DateOnly? MeterReplacementPlannedDate { get; set; }

    /// <summary>計器取替月日: the day the TSO replaced the meter for this switch.</summary>
    public DateOnly? MeterReplacementDate { get; set; }

    /// <summary>
    /// The effective change date: 計器取替月日, else 計器取替予定月日, else 接続供給開始年月日 (<see cref="SwitchDate"/>).
    /// </summary>
    public DateOnly? EffectiveDate => MeterReplacementDate ?? MeterReplacementPlannedDate ?? SwitchDate;

    /// <summary>The 廃止取次 this application belongs to, if any.</summary>
    public long? RelayId { get; set; }

    /// <summary>The matched application (switch-out for a switch-in and vice versa).</summary>
    public long? CounterpartId { get; set; }

    /// <summary>For an ampere change (IF_10910): the contract current it sets on <see cref="SwitchDate"/>.</summary>
    public int? Amperes { get; set; }

    /// <summary>For a switch-out: the retailer's customer number of the contract being ended.</summary>
    public string? CustomerNumber { get; set; }

    /// <summary>The rule code of the rejection, if rejected.</summary>
    public string? ReasonCode { get; set; }

    public string? ReasonMessage { get; set; }

    /// <summary>Whether the retailer was told that <see cref="Deadline"/> is near.</summary>
    public bool DeadlineWarned { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
