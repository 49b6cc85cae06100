using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Renkei.Cli.Demo;

namespace Renkei.Cli.Tests.Demo;

/// <summary>
/// Starts the real demo host once for the test class: SQLite files and the read log in a temporary folder,
/// all listeners on free loopback ports, the gateway over real TLS with the certificate it generated.
/// </summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "renkei-e2e-" + Guid.NewGuid().ToString("N"));

    public DemoHost Host { get; private set; } = null!;

    /// <summary>An HTTPS client that trusts exactly the demo gateway's certificate (and nothing else).</summary>
    public HttpClient Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await DemoHost.StartAsync(
            new DemoOptions { DataDirectory = DataDirectory, Meters = 300, GatewayPort = 0, WebPort = 0 },
            progress: null,
            CancellationToken.None);
        var pinned = X509CertificateLoader.LoadCertificateFromFile(Host.Credentials.CaCertificate);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString() == pinned.GetCertHashString(),
            },
        };
        Gateway = new HttpClient(handler) { BaseAddress = Host.GatewayUrl };
    }

    public async Task DisposeAsync()
    {
        Gateway.Dispose();
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS is left for the temp folder's own cleanup.
        }
    }
}
