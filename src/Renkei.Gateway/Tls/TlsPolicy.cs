using System.Net.Security;

namespace Renkei.Gateway.Tls;

/// <summary>TLS 1.2 and 1.3 with forward-secret AEAD suites only (ECDHE with AES-GCM or ChaCha20-Poly1305), no resumption.</summary>
internal static class TlsPolicy
{
    public static readonly TlsCipherSuite[] Suites =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    public static void Apply(SslServerAuthenticationOptions ssl)
    {
        ArgumentNullException.ThrowIfNull(ssl);

        // No session resumption: a resumed session carries no client certificate to the application, so a client
        // that once connected without one would look certificate-less (refused, but confusingly) on the next
        // connection. Retailer systems keep connections alive, so full handshakes are rare.
        ssl.AllowTlsResume = false;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            ssl.CipherSuitesPolicy = new CipherSuitesPolicy(Suites);
        }
    }
}
