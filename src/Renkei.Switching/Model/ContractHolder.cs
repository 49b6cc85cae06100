namespace Renkei.Switching.Model;

/// <summary>
/// 需要者 (契約名義): the customer who holds a retailer's contract at a supply point, as the current retailer
/// knows them. 廃止取次 checks the new retailer's statement against this record.
/// </summary>
public sealed class ContractHolder
{
    public long Id { get; set; }

    public required string SupplyPointId { get; set; }

    public required string RetailerCode { get; set; }

    /// <summary>The retailer's own contract (customer) number.</summary>
    public required string CustomerNumber { get; set; }

    public required string Name { get; set; }

    public string NameKana { get; set; } = string.Empty;

    public required string Address { get; set; }

    public string Phone { get; set; } = string.Empty;
}
