namespace Renkei.Switching.Model;

/// <summary>
/// 廃止取次: the cancellation relay. The new retailer asks, through the hub, the current retailer to end its
/// contract at a supply point (IS_20110); the current retailer checks the customer's identity and decides OK or
/// NG with reasons (IS_20310 inquiry, IS_20410 decision); the new retailer reads the result (IS_20210).
/// </summary>
public sealed class CancellationRelay
{
    public long Id { get; set; }

    /// <summary>廃止取次番号 (e.g. C000000000042).</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>Status code (see <see cref="RelayStatus"/>).</summary>
    public string Status { get; set; } = RelayStatus.AwaitingDecision;

    /// <summary>NG reason codes 1–9, comma-separated, when decided NG (see <see cref="RelayNgReasons"/>).</summary>
    public string? NgReasons { get; set; }

    public required string SupplyPointId { get; set; }

    public required string NewRetailerCode { get; set; }

    public required string CurrentRetailerCode { get; set; }

    /// <summary>The current retailer's contract number, as the customer told the new retailer.</summary>
    public required string ContractNumber { get; set; }

    public required string HolderName { get; set; }

    public string HolderNameKana { get; set; } = string.Empty;

    public required string Address { get; set; }

    /// <summary>
    /// Why the relay ended without a switch when no NG decision says it: the rule code (e.g. SW009, the area's TSO
    /// refused the matched switch) with <see cref="ReasonMessage"/>; null otherwise.
    /// </summary>
    public string? ReasonCode { get; set; }

    public string? ReasonMessage { get; set; }

    /// <summary>The wished switch date (the end of the current contract).</summary>
    public DateOnly WishedDate { get; set; }

    public string NewRetailerContact { get; set; } = string.Empty;

    public string NewRetailerPhone { get; set; } = string.Empty;

    /// <summary>The last day on which the relay can still be decided and matched; after it, rejected.</summary>
    public DateOnly Deadline { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
