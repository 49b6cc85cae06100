using Renkei.Switching.Applications.IF_10210_UsageInformation;

namespace Renkei.Switching.Applications.IF_10310_UsageValues;

/// <summary>
/// 使用量情報照会 (IF_10310) answer: the grant and its values, fetched from the metering node: calendar-month
/// totals always; for a smart meter also each day's total and its 48 30-minute values (kWh, 4 decimals; null where
/// the slot has no value).
/// </summary>
public sealed record UsageInformationView(UsageGrant Grant, IReadOnlyList<UsageMonth> Months, IReadOnlyList<UsageDay>? Days);

/// <summary>A calendar month of the grant's period: kWh, days covered, and 30-minute slots without a value.</summary>
public sealed record UsageMonth(string Month, decimal Kwh, int Days, int SlotsWithoutValue);

/// <summary>One day of the grant's period: kWh, slots without a value, and the 48 values.</summary>
public sealed record UsageDay(string Date, decimal Kwh, int SlotsWithoutValue, IReadOnlyList<decimal?>? Slots);

/// <summary>The metering node's answer for one supply point and period (its <c>/internal/v1/usage-history/{id}</c>).</summary>
public sealed record UsageHistory(string SupplyPointId, string From, string To, IReadOnlyList<UsageMonth> Months, IReadOnlyList<UsageDay> Days);
