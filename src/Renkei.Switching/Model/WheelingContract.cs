namespace Renkei.Switching.Model;

/// <summary>
/// 託送供給契約: the wheeling contract under which a retailer supplies a supply point, from
/// <see cref="StartDate"/> (inclusive) to <see cref="EndDate"/> (exclusive; null while open). The periods of one
/// supply point never overlap. A switch on date D ends the old contract on D and starts the new one on D.
/// </summary>
public sealed class WheelingContract
{
    public long Id { get; set; }

    public required string SupplyPointId { get; set; }

    public required string RetailerCode { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    /// <summary>Position in the change feed: raised on every change, so read models follow with a cursor.</summary>
    public long ChangeSeq { get; set; }

    public bool Covers(DateOnly date) => StartDate <= date && (EndDate is null || date < EndDate);
}
