namespace Renkei.Formats.Api.Metering;

/// <summary>The metering node's usage of one supply point over a period (its <c>/internal/v1/usage-history/{id}</c>).</summary>
public sealed record UsageHistory(string SupplyPointId, string From, string To, IReadOnlyList<UsageMonth> Months, IReadOnlyList<UsageDay> Days);

/// <summary>A calendar month of the period: kWh, days covered, and 30-minute slots without a value.</summary>
public sealed record UsageMonth(string Month, decimal Kwh, int Days, int SlotsWithoutValue);

/// <summary>One day of the period: kWh, slots without a value, and the 48 values.</summary>
public sealed record UsageDay(string Date, decimal Kwh, int SlotsWithoutValue, IReadOnlyList<decimal?>? Slots);
