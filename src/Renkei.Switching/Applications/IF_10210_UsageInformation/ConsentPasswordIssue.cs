using System.Security.Cryptography;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10210_UsageInformation;

/// <summary>
/// The rules every consent password is issued by, whoever issues it (the current retailer, or the TSO directly): valid
/// 1 day, 7 days or 1 month; 12 characters from 57 (about 70 bits), shown once; only its salted PBKDF2-SHA256 hash is
/// kept.
/// </summary>
internal static class ConsentPasswordIssue
{
    public const int Pbkdf2Iterations = 100_000;

    public const string InvalidValidityCode = "SW072";

    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>Until when a password of <paramref name="validity"/> (<c>1d</c>, <c>7d</c>, <c>1m</c>) issued at <paramref name="now"/> is valid; null for any other.</summary>
    public static DateTimeOffset? ValidUntil(string? validity, DateTimeOffset now) => validity switch
    {
        "1d" => now.AddDays(1),
        "7d" => now.AddDays(7),
        "1m" => now.AddMonths(1),
        _ => null,
    };

    public static RuleViolation InvalidValidity { get; } = new(InvalidValidityCode, "validity", "validity must be 1d, 7d or 1m", "有効期間は1日、7日、1か月のいずれかです");

    /// <summary>A new password for <paramref name="pointId"/> and the row that keeps its hash (not yet added to the store).</summary>
    public static (ConsentPassword Row, string Password) New(string pointId, string issuedBy, DateTimeOffset now, DateTimeOffset until)
    {
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 12);
        var salt = RandomNumberGenerator.GetBytes(16);
        var row = new ConsentPassword
        {
            SupplyPointId = pointId,
            Hash = Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(password, salt, Pbkdf2Iterations, HashAlgorithmName.SHA256, 32)),
            Salt = Convert.ToBase64String(salt),
            IssuedBy = issuedBy,
            IssuedAt = now,
            ValidUntil = until,
        };
        return (row, password);
    }
}
