using Renkei.Formats.Api.Metering;

namespace Renkei.Formats.Api.Switching;

/// <summary>
/// 使用量情報照会 (IF_10310) answer: the grant and its values, fetched from the metering node: calendar-month
/// totals always; for a smart meter also each day's total and its 48 30-minute values (kWh, 4 decimals; null where
/// the slot has no value).
/// </summary>
public sealed record UsageInformationView(UsageGrant Grant, IReadOnlyList<UsageMonth> Months, IReadOnlyList<UsageDay>? Days);
