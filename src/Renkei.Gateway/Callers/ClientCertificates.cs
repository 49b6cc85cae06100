using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Renkei.Gateway.Callers;

/// <summary>RFC 8705 certificate thumbprints.</summary>
public static class ClientCertificates
{
    /// <summary><c>x5t#S256</c>: base64url of the SHA-256 of the certificate's DER encoding.</summary>
    public static string Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Base64Url.EncodeToString(SHA256.HashData(certificate.RawData));
    }
}
