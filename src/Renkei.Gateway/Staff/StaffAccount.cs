namespace Renkei.Gateway.Staff;

/// <summary>
/// A person who logs in to the screens: a retailer's staff member (acts for <see cref="RetailerCode"/>, exactly as
/// that retailer's systems do) or a TSO operator (<see cref="IsOperator"/>; sees the operator dashboard, never a
/// retailer's data routes). The password is given in clear here and stored only hashed.
/// </summary>
/// <param name="UserName">Log-in name (1–64 characters: letters, digits, <c>.-_@</c>).</param>
/// <param name="Password">The password in clear; stored as an ASP.NET Core Identity PBKDF2 hash.</param>
/// <param name="DisplayName">A name for the screens and the audit log.</param>
/// <param name="RetailerCode">The retailer the staff member acts for; null for an operator.</param>
/// <param name="IsOperator">Whether this is a TSO operator (mutually exclusive with a retailer code).</param>
/// <param name="CertificateThumbprint">
/// When set, the log-in also needs this client certificate (RFC 8705 <c>x5t#S256</c>), as the market's screens
/// sit behind a registered client certificate.
/// </param>
public sealed record StaffAccount(
    string UserName,
    string Password,
    string DisplayName,
    string? RetailerCode,
    bool IsOperator = false,
    string? CertificateThumbprint = null)
{
    public static bool IsValidUserName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@');
}
