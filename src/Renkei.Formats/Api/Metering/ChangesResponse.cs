namespace Renkei.Formats.Api.Metering;

/// <summary>What changed after a version: newly published slots and revised values. Ask again with <c>since=Next</c>.</summary>
public sealed record ChangesResponse(IReadOnlyList<PublishedSlot> Published, IReadOnlyList<RevisedValue> Revisions, long Next, long Current);

/// <summary>A slot published at a version.</summary>
public sealed record PublishedSlot(long Version, string Date, int Slot, DateTimeOffset PublishedAt);

/// <summary>A published value that changed, with its old and new value and quality.</summary>
public sealed record RevisedValue(
    long Version,
    string SupplyPointId,
    string MeterId,
    string Direction,
    string Date,
    int Slot,
    decimal? OldKwh,
    string OldQuality,
    decimal? NewKwh,
    string NewQuality,
    DateTimeOffset At);
