namespace Renkei.Hosting.InternalAuth;

/// <summary>Headers that only the gateway (or another trusted internal caller) sets on internal requests.</summary>
public static class InternalHeaders
{
    /// <summary>Every internal header starts with this; the gateway strips any a client sent.</summary>
    public const string Prefix = "X-Renkei-";

    /// <summary>The signed proof of the calling component (see <see cref="InternalCallerToken"/>).</summary>
    public const string Caller = "X-Renkei-Caller";

    /// <summary>The retailer code taken from the validated access token, set by the gateway only.</summary>
    public const string Retailer = "X-Renkei-Retailer";

    /// <summary>
    /// The TSO operator's staff user name, set by the gateway only, from a validated staff token with the operator role
    /// (on the operator routes that act, not only read, so the internal node can name who acted in its audit trail).
    /// </summary>
    public const string Operator = "X-Renkei-Operator";
}
