using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Callers;
using Renkei.Gateway.Staff;
using Renkei.Hosting.Audit;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Screens;

/// <summary>
/// A staff account registered with a client certificate, end to end over real TLS on loopback: the browser side
/// presents the certificate to the gateway's log-in page (the gateway's own TLS listener), and the gateway compares
/// it with the account's. With that certificate the log-in succeeds and the screens get a session; without one, or
/// with another, the gateway refuses it, the screens get no code, and the gateway's audit log holds the refusal.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class CertifiedStaffLogInTests(DemoSystem system)
{
    private const string User = "certified-staff";
    private const string Password = "certified staff password";

    private static readonly X509Certificate2 Registered = Create("CN=certified staff (registered)");
    private static readonly X509Certificate2 Other = Create("CN=certified staff (not registered)");

    [Fact]
    public async Task CertifiedStaff_WithTheRegisteredCertificate_LogsIn_WithoutOrWithAnother_IsRefusedAndAudited()
    {
        await RegisterAsync();

        using var with = ScreensSession.Anonymous(system, clientCertificate: Registered);
        using var without = ScreensSession.Anonymous(system);
        using var another = ScreensSession.Anonymous(system, clientCertificate: Other);
        using var accepted = await with.LogInThroughGatewayAsync(User, Password);
        using var noCertificate = await without.LogInThroughGatewayAsync(User, Password);
        using var wrongCertificate = await another.LogInThroughGatewayAsync(User, Password);
        using var afterRefusal = await without.Client.GetAsync("/Applications");

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/", accepted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, noCertificate.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCertificate.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterRefusal.StatusCode);
        var all = await system.Host.Audit.QueryAsync(new AuditQuery { ClientId = RenkeiClaims.StaffSubjectPrefix + User, Limit = 100 });
        var logIns = all.Where(e => e.Path == "/connect/authorize").ToList();
        Assert.Equal([302, 401, 401], logIns.Select(e => e.Status));
        Assert.Equal("staff client certificate required", logIns[1].Reason);
        Assert.Equal("staff client certificate required", logIns[2].Reason);
    }

    /// <summary>Registers the account in the running demo gateway's database, as an operator's registration does.</summary>
    private async Task RegisterAsync()
    {
        var directory = new StaffDirectory(Path.Combine(system.DataDirectory, "gateway", "gateway.db"));
        await directory.RegisterAsync(
            [new StaffAccount(User, Password, "Certified staff", system.Retailer(1).Code, CertificateThumbprint: ClientCertificates.Thumbprint(Registered))],
            CancellationToken.None);
    }

    private static X509Certificate2 Create(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }
}
