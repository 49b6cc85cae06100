namespace Renkei.Formats.Api.Switching;

/// <summary>
/// 設備情報照会 (IF_10110): what a retailer may learn about a supply point before applying; a scheduled ampere
/// change (IF_10910 with a later 契約変更予定年月日, or one sent to a TSO node of its own and not answered yet) shows as
/// <c>ScheduledAmperes</c> from <c>ScheduledAmperesDate</c>. <c>NextReadingDay</c> is the next scheduled reading day
/// (定例検針日) from today, from the point's reading schedule <c>ReadingSchedule</c> (検針日程コード) when it has one
/// (null when the TSO has not loaded that schedule's coming days), else its fixed day of the month.
/// </summary>
public sealed record FacilityView(
    string SupplyPointId,
    string VoltageClass,
    string ContractType,
    int? ContractAmperes,
    int? ContractCapacityKw,
    string MeterType,
    bool RemoteReading,
    DateOnly? NextReadingDay,
    string SmartMeterReplacement,
    DateOnly? SmartMeterReplacementDate,
    int? ScheduledAmperes,
    DateOnly? ScheduledAmperesDate,
    string? ReadingSchedule = null);
