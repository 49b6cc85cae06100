using System.Globalization;
using System.Net;
using System.Text;
using Renkei.Hosting.Tests.Support;
using Renkei.Metering.Tests.Provision;

namespace Renkei.Metering.Tests.Hes;

/// <summary>
/// A real metering node whose data folder is on a small tmpfs: with the disk full the HES refuses a batch with
/// <c>503</c> problem details and <c>Retry-After</c>, keeps nothing of it, and takes it once space returns.
/// </summary>
public sealed class HesFullDiskTests
{
    [SkippableFact]
    public async Task FullDisk_BatchRefusedWith503RetryAfter_NothingKept_ThenAcceptedWhenSpaceReturns()
    {
        using var disk = SmallFilesystem.TryMount(4096, out var whyNot);
        Skip.If(disk is null, whyNot);

        await using var host = await ProvisionHost.StartAsync(Path.Combine(disk.Path, "metering"));
        var hes = host.ClientFor(ProvisionHost.A, host.HesKey, "hes");
        using (var first = await PostAsync(hes, Csv(0, 1)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var logFile = Path.Combine(host.Folder, "readlog", "reads.log");
        var logLength = new FileInfo(logFile).Length;
        var accepted = host.Engine.AcceptedTotal;

        disk.Fill();
        var batch = Csv(2, 47);
        using (var refused = await PostAsync(hes, batch))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
            Assert.Contains("read log", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(logLength, new FileInfo(logFile).Length);
        Assert.Equal(accepted, host.Engine.AcceptedTotal);

        disk.Free();
        using var taken = await PostAsync(hes, batch);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal(accepted + (46 * host.Registry.Count), host.Engine.AcceptedTotal);
        Assert.Equal(logLength + (46 * host.Registry.Count * Renkei.Metering.Ingest.FileReadLog.RecordSize), new FileInfo(logFile).Length);
    }

    [SkippableFact]
    public async Task FullDisk_AtShutdown_NodeStopsWithoutThrowing_AndEveryAcknowledgedReadIsInTheLog()
    {
        using var disk = SmallFilesystem.TryMount(4096, out var whyNot);
        Skip.If(disk is null, whyNot);

        await using var host = await ProvisionHost.StartAsync(Path.Combine(disk.Path, "metering"));
        var hes = host.ClientFor(ProvisionHost.A, host.HesKey, "hes");
        using (var first = await PostAsync(hes, Csv(0, 5)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        disk.Fill();
        using (var refused = await PostAsync(hes, Csv(6, 47)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        var folder = host.Folder;
        await host.StopAsync();

        using var log = new Renkei.Metering.Ingest.FileReadLog(Path.Combine(folder, "readlog"));
        Assert.Equal(6 * 5, log.ReadAll().Count());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient hes, string csv) =>
        await hes.PostAsync(new Uri("internal/v1/hes/reads", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));

    /// <summary>Reads of every meter at boundaries <paramref name="from"/>..<paramref name="to"/> of the host's day: meter i advances by (i + 1) × 0.1 kWh a slot.</summary>
    private static string Csv(int from, int to)
    {
        var csv = new StringBuilder("meter_id,read_at,register_kwh\n");
        for (var m = 1; m <= 5; m++)
        {
            for (var k = from; k <= to; k++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"M{m},{ProvisionHost.Boundary(k).ToOffset(TimeSpan.FromHours(9)):yyyy-MM-ddTHH:mm:sszzz},{k * m / 10m:0.0000}\n");
            }
        }

        return csv.ToString();
    }
}
