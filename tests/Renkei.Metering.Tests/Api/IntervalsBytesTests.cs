using System.Net;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Formats.Api.Metering;
using Renkei.Metering.Tests.Provision;

namespace Renkei.Metering.Tests.Api;

/// <summary>The one-point day (<c>GET /internal/v1/supply-points/{id}/intervals</c>): its exact bytes and media type, pinned.</summary>
public sealed class IntervalsBytesTests : IAsyncLifetime
{
    private ProvisionHost host = null!;

    public async Task InitializeAsync()
    {
        host = await ProvisionHost.StartAsync();
        host.IngestAll(0, 4);
        host.Close(1);
        host.Close(2);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Day_ExactBytes()
    {
        using var response = await host.ClientFor(ProvisionHost.A, host.HesKey, "hes")
            .GetAsync(new Uri($"internal/v1/supply-points/{ProvisionHost.HighA}/intervals?date=2026-04-01", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(Expected, body);
    }

    [Fact]
    public void Day_DeclaresItsBodyAsIntervalsResponse()
    {
        var endpoint = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/internal/v1/supply-points/{id}/intervals");

        var ok = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Single(m => m.StatusCode == 200);
        Assert.Equal(typeof(IntervalsResponse), ok.Type);
        Assert.Contains("application/json", ok.ContentTypes);
    }

    private const string Expected =
        "{\"supplyPointId\":\"0310000000000000000003\",\"date\":\"2026-04-01\",\"direction\":\"import\",\"slots\":[{\"slot\":1,\"kwh\":12.0000,\"quality\":\"actual\",\"version\":1}," +
        "{\"slot\":2,\"kwh\":12.0000,\"quality\":\"actual\",\"version\":2}," +
        "{\"slot\":3,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":4,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":5,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":6,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":7,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":8,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":9,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":10,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":11,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":12,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":13,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":14,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":15,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":16,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":17,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":18,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":19,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":20,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":21,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":22,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":23,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":24,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":25,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":26,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":27,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":28,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":29,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":30,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":31,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":32,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":33,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":34,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":35,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":36,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":37,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":38,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":39,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":40,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":41,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":42,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":43,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":44,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":45,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":46,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":47,\"kwh\":null,\"quality\":\"missing\",\"version\":0}," +
        "{\"slot\":48,\"kwh\":null,\"quality\":\"missing\",\"version\":0}]}";
}
