namespace Renkei.Gateway.Callers;

/// <summary>Claim and property names of Renkei's tokens and client registrations.</summary>
internal static class RenkeiClaims
{
    /// <summary>The retailer code a token acts for.</summary>
    public const string RetailerCode = "retailer_code";

    /// <summary>The authorisation policy every retailer data route requires.</summary>
    public const string RetailerPolicy = "retailer";

    /// <summary>The authorisation policy of the operator dashboard routes: a staff token with the operator role.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>The role claim of staff tokens; <see cref="OperatorRole"/> for TSO operators.</summary>
    public const string Role = "role";

    public const string OperatorRole = "operator";

    /// <summary>Subject prefix of staff tokens (<c>staff:</c> + user name), so the audit log tells people from systems.</summary>
    public const string StaffSubjectPrefix = "staff:";

    /// <summary>Application property marking the screens client (the only one allowed the log-in page and the code flow).</summary>
    public const string ScreensClientProperty = "renkei_screens";

    /// <summary>RFC 7800 confirmation claim; holds <see cref="CertificateThumbprint"/> for certificate-bound tokens (RFC 8705).</summary>
    public const string Confirmation = "cnf";

    /// <summary>RFC 8705 member of <c>cnf</c>: base64url SHA-256 of the client certificate (DER).</summary>
    public const string CertificateThumbprint = "x5t#S256";

    /// <summary>Application property: the registered certificate thumbprints (JSON array of strings).</summary>
    public const string RegisteredCertificates = "renkei_x5t_s256";

    /// <summary>Application property: the previous secret's hash, still accepted until <see cref="PreviousSecretUntil"/>.</summary>
    public const string PreviousSecret = "renkei_previous_secret";

    /// <summary>Application property: end of the rotation overlap (Unix seconds).</summary>
    public const string PreviousSecretUntil = "renkei_previous_secret_until";
}
