using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Renkei.Gateway.Tests.Support;

/// <summary>Client certificates for mutual TLS: A is registered for R3's system, B is a valid certificate nobody registered.</summary>
public static class TestCertificates
{
    public static X509Certificate2 A { get; } = Create("CN=R0003 retailer system A");

    public static X509Certificate2 B { get; } = Create("CN=R0003 retailer system B (not registered)");

    private static X509Certificate2 Create(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }
}
