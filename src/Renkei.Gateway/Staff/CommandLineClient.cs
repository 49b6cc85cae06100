namespace Renkei.Gateway.Staff;

/// <summary>
/// The operators' command line (<c>renkei operator …</c>): a public client (it runs on the operator's machine and can
/// keep no secret) of the authorization code flow with PKCE (S256), like a native app (RFC 8252). Its redirect URI is
/// a loopback address that nothing needs to listen on: the command posts the gateway's log-in form itself and takes
/// the code from the redirect's <c>Location</c>, so a code never leaves the operator's machine, and only the holder of
/// the PKCE verifier can exchange it. Registered only when <see cref="GatewayHostOptions.CommandLineClient"/> is set.
/// </summary>
public static class CommandLineClient
{
    public const string ClientId = "renkei-cli";

    public static readonly Uri RedirectUri = new("http://127.0.0.1/renkei-cli/callback");
}
