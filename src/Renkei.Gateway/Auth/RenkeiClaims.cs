namespace Renkei.Gateway.Auth;

/// <summary>Claim and property names of Renkei's tokens.</summary>
public static class RenkeiClaims
{
    /// <summary>The retailer code a token acts for.</summary>
    public const string RetailerCode = "retailer_code";

    /// <summary>The authorisation policy every retailer data route requires.</summary>
    public const string RetailerPolicy = "retailer";
}
