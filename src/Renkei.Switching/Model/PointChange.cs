namespace Renkei.Switching.Model;

/// <summary>
/// A TSO node's record of one change of a supply point's facts (meter replacement, 定例検針日, contract capacity...),
/// written in the transaction that changes the point: the node's outbox towards the hub, read by the hub in
/// <see cref="Id"/> order (<c>GET /internal/v1/tso/{area}/point-changes?after=</c>) and applied there once.
/// </summary>
public sealed class PointChange
{
    /// <summary>The change's position in the node's sequence.</summary>
    public long Id { get; set; }

    public required string SupplyPointId { get; set; }

    /// <summary>The point's facts after the change (JSON of <c>PointFactsMessage</c>).</summary>
    public required string Facts { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>The hub's position in an area TSO node's <see cref="PointChange"/> sequence: the last change it applied.</summary>
public sealed class TsoFeedCursor
{
    public int Area { get; set; }

    public long LastChangeId { get; set; }
}
