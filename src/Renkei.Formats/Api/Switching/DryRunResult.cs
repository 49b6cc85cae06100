namespace Renkei.Formats.Api.Switching;

/// <summary>The answer of a dry run: whether every rule holds, the earliest valid date, the date it would take, and every failed rule.</summary>
public sealed record DryRunResult(bool Valid, DateOnly? EarliestDate, DateOnly? EffectiveDate, IReadOnlyList<RuleViolation> Errors);
