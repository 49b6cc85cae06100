using Renkei.Switching.Model;

namespace Renkei.Switching.Applications;

/// <summary>The columns of the standard processing periods (標準処理期間): the point's voltage and, for high voltage, its contract capacity.</summary>
internal enum VoltageCase
{
    /// <summary>低圧.</summary>
    Low,

    /// <summary>高圧, contract capacity under 500 kW.</summary>
    HighUnder500Kw,

    /// <summary>高圧 of 500 kW or more, and 特別高圧.</summary>
    HighFrom500KwOrExtra,
}

/// <summary>The rows of the standard processing periods: the work at the site a switch needs first.</summary>
internal enum SiteWork
{
    None,

    /// <summary>計器工事: the meter must be replaced (a conventional meter by a smart meter).</summary>
    Meter,

    /// <summary>通信ユニット工事: a smart meter that is not read remotely needs its communication unit fitted.</summary>
    CommunicationUnit,
}

/// <summary>A standard processing period: business days, then calendar days.</summary>
internal readonly record struct ProcessingPeriod(int BusinessDays, int CalendarDays);

/// <summary>
/// 標準処理期間 after matching (MARKET.md, after Chugoku NW's table), and which case a supply point is in, from its
/// facility facts: voltage class, contract capacity, meter type and remote reading.
/// </summary>
internal static class ProcessingPeriods
{
    /// <summary>The capacity (kW) from which a high-voltage point is in the longer column.</summary>
    public const int LargeHighVoltageKw = 500;

    /// <summary>The case of <paramref name="point"/>.</summary>
    public static (VoltageCase Voltage, SiteWork Work) CaseOf(SupplyPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var voltage = point.VoltageClass switch
        {
            VoltageClasses.Low => VoltageCase.Low,

            // A high-voltage point without a capacity on record is counted in the longer column: the hub never promises
            // a date the TSO's period cannot meet.
            VoltageClasses.High when point.ContractCapacityKw is { } kw && kw < LargeHighVoltageKw => VoltageCase.HighUnder500Kw,
            _ => VoltageCase.HighFrom500KwOrExtra,
        };
        var work = point.MeterType == MeterTypes.Conventional ? SiteWork.Meter
            : !point.RemoteReading ? SiteWork.CommunicationUnit
            : SiteWork.None;
        return (voltage, work);
    }

    /// <summary>
    /// The period of a case: low voltage 1 business day + 2 calendar days, 8 + 2 with meter work (and with
    /// communication-unit work, which the table has no low-voltage figure for: fitting it is meter work at a low-voltage
    /// site); high voltage &lt; 500 kW 8, 20 with meter or communication-unit work; ≥ 500 kW and extra high 10, 30 with
    /// meter work, 20 with communication-unit work.
    /// </summary>
    public static ProcessingPeriod Of(VoltageCase voltage, SiteWork work) => (voltage, work) switch
    {
        (VoltageCase.Low, SiteWork.None) => new(1, 2),
        (VoltageCase.Low, _) => new(8, 2),
        (VoltageCase.HighUnder500Kw, SiteWork.None) => new(8, 0),
        (VoltageCase.HighUnder500Kw, _) => new(20, 0),
        (VoltageCase.HighFrom500KwOrExtra, SiteWork.None) => new(10, 0),
        (VoltageCase.HighFrom500KwOrExtra, SiteWork.Meter) => new(30, 0),
        _ => new(20, 0),
    };

    /// <summary>The period of <paramref name="point"/>'s case.</summary>
    public static ProcessingPeriod Of(SupplyPoint point)
    {
        var (voltage, work) = CaseOf(point);
        return Of(voltage, work);
    }
}
