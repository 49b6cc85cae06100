using System.Globalization;
using Renkei.Formats.Text;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tso;

/// <summary>
/// A point's facts as the TSO holds them after a change (the whole state, so applying it twice is harmless).
/// <paramref name="AmpereOrder"/> is the hub's last ampere order the TSO had applied to the point when the change
/// was written (<see cref="SupplyPoint.AmpereOrder"/>; 0 in a change written before the field existed): the hub keeps
/// its own contract current when it has applied a newer one (<see cref="Hub.ITsoAnswers.ApplyPointChangeAsync"/>).
/// <paramref name="ReadingSchedule"/> is the point's reading schedule code (検針日程コード), null when it has none.
/// </summary>
public sealed record PointFactsMessage(
    string SupplyPointId,
    string ContractType,
    int? ContractAmperes,
    int? ContractCapacityKw,
    string MeterType,
    bool RemoteReading,
    int ReadingDay,
    string SmartMeterReplacement,
    DateOnly? SmartMeterReplacementDate,
    long AmpereOrder = 0,
    string? ReadingSchedule = null)
{
    public static PointFactsMessage Of(SupplyPoint p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Id, p.ContractType, p.ContractAmperes, p.ContractCapacityKw, p.MeterType, p.RemoteReading, p.ReadingDay, p.SmartMeterReplacement, p.SmartMeterReplacementDate, p.AmpereOrder, p.ReadingSchedule);
    }

    /// <summary>Sets every fact of <paramref name="point"/> to this message's, the contract current and its ampere order included.</summary>
    public void ApplyTo(SupplyPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        (point.ContractType, point.ContractAmperes, point.ContractCapacityKw, point.MeterType, point.RemoteReading, point.ReadingDay, point.SmartMeterReplacement, point.SmartMeterReplacementDate, point.AmpereOrder, point.ReadingSchedule) =
            (ContractType, ContractAmperes, ContractCapacityKw, MeterType, RemoteReading, ReadingDay, SmartMeterReplacement, SmartMeterReplacementDate, AmpereOrder, ReadingSchedule);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"meter {MeterType}, remote {RemoteReading}, reading day {ReadingDay}, reading schedule {ReadingSchedule}, replacement {SmartMeterReplacement} {(SmartMeterReplacementDate is { } date ? DateText.Format(date) : null)}, {ContractAmperes} A (ampere order {AmpereOrder}), {ContractCapacityKw} kW, {ContractType}");
}

/// <summary>One change in a TSO node's sequence.</summary>
public sealed record PointChangeItem(long Id, PointFactsMessage Facts, DateTimeOffset ChangedAt);

/// <summary>A page of changes; <see cref="Next"/> is the cursor to ask with next time.</summary>
public sealed record PointChangePage(IReadOnlyList<PointChangeItem> Items, long Next);
