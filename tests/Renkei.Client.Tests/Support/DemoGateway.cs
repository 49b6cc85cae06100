using System.Security.Cryptography.X509Certificates;
using Renkei.Cli.Demo;

namespace Renkei.Client.Tests.Support;

/// <summary>The real demo (300 meters) on free loopback ports in a temporary folder, started once per test class.</summary>
public sealed class DemoGateway : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "renkei-client-" + Guid.NewGuid().ToString("N"));

    public DemoHost Host { get; private set; } = null!;

    public X509Certificate2 ServerCertificate { get; private set; } = null!;

    public DemoRetailer A => Host.Credentials.Retailers[0];

    public DemoRetailer B => Host.Credentials.Retailers[1];

    public DateOnly Yesterday => DateOnly.Parse(Host.Credentials.Simulation.Yesterday, System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        Host = await DemoHost.StartAsync(new DemoOptions { DataDirectory = DataDirectory, Meters = 300, GatewayPort = 0, WebPort = 0 }, progress: null, CancellationToken.None);
        ServerCertificate = X509CertificateLoader.LoadCertificateFromFile(Host.Credentials.CaCertificate);
    }

    public RenkeiClient ClientFor(DemoRetailer retailer, TimeProvider? clock = null, string? secret = null) => new(new RenkeiClientOptions
    {
        BaseAddress = Host.GatewayUrl,
        ClientId = retailer.ClientId,
        ClientSecret = secret ?? retailer.ClientSecret,
        ServerCertificate = ServerCertificate,
        Clock = clock ?? TimeProvider.System,
    });

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        ServerCertificate.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the temp folder's own cleanup.
        }
    }
}
