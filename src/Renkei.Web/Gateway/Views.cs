namespace Renkei.Web.Gateway;

// The gateway's public JSON answers as the screens read them (docs/formats.md). The screens reference no other
// Renkei project: they know the API only as any retailer system does.

public sealed record SearchHit(string SupplyPointId, string Address);

public sealed record ApplicationView(
    string Number,
    string Kind,
    string SupplyPointId,
    string RetailerCode,
    string Status,
    string StatusName,
    DateOnly? RequestedDate,
    DateOnly? SwitchDate,
    DateOnly? Deadline,
    string? RelayNumber,
    string? ReasonCode,
    string? ReasonMessage,
    string? WaitingFor,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record HistoryEntry(DateTimeOffset At, string Actor, string Action, string? FromStatus, string? ToStatus, string? Detail);

public sealed record RelayReason(int Code, string Name, string NameJa);

public sealed record RelayView(
    string Number,
    string Status,
    string StatusName,
    IReadOnlyList<RelayReason> NgReasons,
    string SupplyPointId,
    string ContractNumber,
    string HolderName,
    string HolderNameKana,
    string Address,
    DateOnly WishedDate,
    DateOnly Deadline,
    string NewRetailerCode,
    string NewRetailerContact,
    string NewRetailerPhone,
    string CurrentRetailerCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record SlotValue(int Slot, decimal? Kwh, string Quality, long Version);

public sealed record IntervalsView(string SupplyPointId, string Date, string Direction, IReadOnlyList<SlotValue> Slots);

public sealed record FacilityView(
    string SupplyPointId,
    string VoltageClass,
    string ContractType,
    int? ContractAmperes,
    int? ContractCapacityKw,
    string MeterType,
    bool RemoteReading,
    DateOnly NextReadingDay,
    string SmartMeterReplacement,
    DateOnly? SmartMeterReplacementDate);

public sealed record UsageGrant(string ApplicationNumber, string SupplyPointId, DateOnly From, DateOnly To, bool Monthly, bool HalfHourly);

// Operator views.

public sealed record SlotRef(DateOnly Date, int Number);

public sealed record QualityMix(int Actual, int Estimated, int Missing, int Invalid, long TotalUnits);

public sealed record SlotTimeline(
    SlotRef Slot,
    DateTimeOffset SlotEnd,
    DateTimeOffset Cutoff,
    int ExpectedReads,
    int ArrivedReads,
    DateTimeOffset? Arrived50,
    DateTimeOffset? Arrived90,
    DateTimeOffset? Arrived99,
    DateTimeOffset? Arrived100,
    DateTimeOffset? ComputeStart,
    DateTimeOffset? ComputeEnd,
    DateTimeOffset? PublishedAt,
    long? Version,
    QualityMix? Quality);

public sealed record MeteringStatus(int Meters, long AcceptedReads, string NextSlotToClose, string Now);

public sealed record MinuteCount(DateTimeOffset Minute, long Reads);

public sealed record SilentMeter(string MeterId, string SupplyPointId);

public sealed record OperatorActivity(
    IReadOnlyList<MinuteCount> ReadsPerMinute,
    int SilentSlots,
    string CheckedFrom,
    string CheckedTo,
    int MetersScanned,
    int SilentMeters,
    IReadOnlyList<SilentMeter> SilentMetersListed);

public sealed record KindStatusCount(string Kind, string Status, string StatusName, int Count);

public sealed record RelayStatusCount(string Status, string StatusName, int Count);

public sealed record AwaitingRelay(string Number, string SupplyPointId, string NewRetailerCode, string CurrentRetailerCode, DateOnly WishedDate, DateOnly Deadline, DateTimeOffset CreatedAt);

public sealed record SwitchingSummary(DateOnly Today, IReadOnlyList<KindStatusCount> Applications, IReadOnlyList<RelayStatusCount> Relays, IReadOnlyList<AwaitingRelay> AwaitingDecision);

public sealed record AuditEntryView(DateTimeOffset At, string? ClientId, string? Retailer, string SourceAddress, string Method, string Path, string? SupplyPoint, string? Date, int Status, string Outcome, string? Reason);

public sealed record AuditClientCount(string Client, int Denied);

public sealed record AuditHourCount(DateTimeOffset Hour, int Requests, int Denied);

public sealed record AuditSummary(
    DateTimeOffset From,
    DateTimeOffset Until,
    int Requests,
    int Allowed,
    int Denied,
    int LockedOut,
    int FailedLogins,
    IReadOnlyDictionary<int, int> ByStatus,
    IReadOnlyList<AuditClientCount> TopDenied,
    IReadOnlyList<AuditHourCount> ByHour,
    IReadOnlyList<AuditEntryView> LatestDenials);
