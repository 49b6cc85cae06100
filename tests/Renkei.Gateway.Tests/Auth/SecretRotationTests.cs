using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenIddict.Abstractions;
using Renkei.Gateway.Auth;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Auth;

/// <summary>Secret rotation: the new secret works at once, the old one until the overlap ends, then never.</summary>
[Collection(InternalZoneCollection.Name)]
public sealed class SecretRotationTests(InternalZone zone)
{
    [Fact]
    public async Task RotatedSecret_OldDuringOverlapThenRefused_NewAlways()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await TestGateway.StartAsync(zone, clock: clock);
        await using (var scope = gateway.App.Services.CreateAsyncScope())
        {
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await SecretRotation.RotateAsync(applications, TestGateway.R1Id, "r1-new-secret", clock.GetUtcNow().AddHours(24), CancellationToken.None);
        }

        var client = gateway.Client();
        using var oldDuring = await gateway.RequestTokenAsync(client, TestGateway.R1Id, TestGateway.R1Secret);
        using var newDuring = await gateway.RequestTokenAsync(client, TestGateway.R1Id, "r1-new-secret");
        clock.Advance(TimeSpan.FromHours(24));
        using var oldAfter = await gateway.RequestTokenAsync(client, TestGateway.R1Id, TestGateway.R1Secret);
        using var newAfter = await gateway.RequestTokenAsync(client, TestGateway.R1Id, "r1-new-secret");

        Assert.Equal(HttpStatusCode.OK, oldDuring.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newDuring.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldAfter.StatusCode);
        Assert.Contains("invalid_client", await oldAfter.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, newAfter.StatusCode);
        var entries = await gateway.AuditOfAsync("/connect/token");
        Assert.Equal([200, 200, 401, 200], entries.Select(e => e.Status));
        Assert.All(entries, e => Assert.Equal(TestGateway.R1Id, e.ClientId));
    }

    [Fact]
    public async Task ClientSecret_StoredOnlyHashed()
    {
        await using var gateway = await TestGateway.StartAsync(zone);

        var text = string.Concat(Directory.GetFiles(gateway.DataDirectory, "gateway.db*")
            .Select(f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f))));

        Assert.DoesNotContain(TestGateway.R1Secret, text, StringComparison.Ordinal);
        Assert.Contains(TestGateway.R1Id, text, StringComparison.Ordinal);
    }
}
