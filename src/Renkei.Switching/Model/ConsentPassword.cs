namespace Renkei.Switching.Model;

/// <summary>
/// 使用量照会パスワード: the customer's consent for retailers to see a supply point's usage, valid 1 day, 7 days or
/// 1 month. Only a salted PBKDF2 hash is kept; the password is shown once, when issued.
/// </summary>
public sealed class ConsentPassword
{
    public long Id { get; set; }

    public required string SupplyPointId { get; set; }

    /// <summary>PBKDF2-SHA256 hash (Base64).</summary>
    public required string Hash { get; set; }

    public required string Salt { get; set; }

    /// <summary>Who issued it: the current retailer's code, or "tso".</summary>
    public required string IssuedBy { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ValidUntil { get; set; }
}

/// <summary>Failed password attempts of one retailer at one point: after 5 in a row, locked for 30 minutes.</summary>
public sealed class ConsentAttempts
{
    public required string RetailerCode { get; set; }

    public required string SupplyPointId { get; set; }

    public int Failures { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}
