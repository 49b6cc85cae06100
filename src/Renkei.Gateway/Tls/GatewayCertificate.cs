using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Renkei.Gateway.Tls;

/// <summary>
/// The gateway's TLS certificate. For the demo and development a self-signed certificate for
/// <c>127.0.0.1</c>, <c>::1</c> and <c>localhost</c> is generated on first run and kept in the data folder
/// (<c>tls.pfx</c>, and <c>tls.crt</c> in PEM for clients such as <c>curl --cacert</c>).
/// </summary>
public static class GatewayCertificate
{
    public const string PfxFileName = "tls.pfx";
    public const string PemFileName = "tls.crt";

    public static X509Certificate2 LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var pfx = Path.Combine(directory, PfxFileName);
        var pem = Path.Combine(directory, PemFileName);
        if (File.Exists(pfx))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(pfx, password: null);
            if (existing.NotAfter > DateTime.UtcNow.AddDays(7))
            {
                if (!File.Exists(pem))
                {
                    File.WriteAllText(pem, existing.ExportCertificatePem());
                }

                return existing;
            }

            existing.Dispose();
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Renkei development gateway", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        var bytes = created.Export(X509ContentType.Pfx);
        WritePrivate(pfx, bytes);
        File.WriteAllText(pem, created.ExportCertificatePem());
        return X509CertificateLoader.LoadPkcs12(bytes, password: null);
    }

    internal static void WritePrivate(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
