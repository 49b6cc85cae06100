namespace Renkei.Switching.Model;

/// <summary>
/// The TSO side's record of an order it applied (or refused): written in the transaction that changes its
/// contracts, so an order is applied at most once and a repeat gets the same answer.
/// </summary>
public sealed class TsoReceipt
{
    /// <summary>The order's idempotency key (see <see cref="TsoOrder.Key"/>).</summary>
    public required string Key { get; set; }

    public required string Kind { get; set; }

    /// <summary>SHA-256 of the order's body: a repeat of the key with another body is refused (409).</summary>
    public required string RequestHash { get; set; }

    /// <summary>The answer given (JSON of <c>TsoSwitchResult</c>).</summary>
    public required string Result { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
