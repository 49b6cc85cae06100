using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Renkei.Hosting.Tls;

/// <summary>
/// A cluster's own certificate authority: a self-signed CA certificate and key (ECDSA P-256) kept in a folder
/// (<c>ca.crt</c>, and <c>ca.key</c> readable by its owner only), which issues the certificates of the cluster's
/// servers. Clients trust the CA file, not each server's certificate. Created on first use, kept while valid for
/// more than 30 days.
/// </summary>
public sealed class PrivateCertificateAuthority : IDisposable
{
    public const string CertificateFileName = "ca.crt";
    public const string KeyFileName = "ca.key";

    private readonly X509Certificate2 certificate;
    private readonly ECDsa key;

    private PrivateCertificateAuthority(string certificatePath, X509Certificate2 certificate, ECDsa key)
    {
        CertificatePath = certificatePath;
        this.certificate = certificate;
        this.key = key;
    }

    /// <summary>The CA certificate (PEM): what clients verify the servers against.</summary>
    public string CertificatePath { get; }

    /// <summary>Loads the CA of <paramref name="directory"/>, or creates one named <paramref name="name"/> there.</summary>
    public static PrivateCertificateAuthority LoadOrCreate(string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            if (existing.NotAfter > DateTime.UtcNow.AddDays(30))
            {
                return new PrivateCertificateAuthority(certificatePath, existing, existing.GetECDsaPrivateKey()!);
            }

            existing.Dispose();
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
        WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, created.ExportCertificatePem());
        return new PrivateCertificateAuthority(certificatePath, created, key);
    }

    /// <summary>
    /// Issues a server certificate (ECDSA P-256, one year) for <paramref name="names"/> (DNS names or IP addresses),
    /// usable for both ends of a TLS connection (servers' routes to each other authenticate each other with it), and
    /// writes it to <c>&lt;stem&gt;.crt</c> (the certificate, then the CA's) and <c>&lt;stem&gt;.key</c> (owner only).
    /// Returns the two paths.
    /// </summary>
    public (string CertificateFile, string KeyFile) IssueServer(string directory, string stem, string commonName, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Directory.CreateDirectory(directory);
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now.AddYears(1) < certificate.NotAfter ? now.AddYears(1) : new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now.AddMinutes(-5), notAfter, serial);
        var certificateFile = Path.Combine(directory, stem + ".crt");
        var keyFile = Path.Combine(directory, stem + ".key");
        WritePrivate(keyFile, serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificateFile, issued.ExportCertificatePem() + "\n" + certificate.ExportCertificatePem() + "\n");
        return (certificateFile, keyFile);
    }

    private static void WritePrivate(string path, string text)
    {
        File.WriteAllText(path, string.Empty);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(path, text);
    }

    public void Dispose()
    {
        certificate.Dispose();
        key.Dispose();
    }
}
