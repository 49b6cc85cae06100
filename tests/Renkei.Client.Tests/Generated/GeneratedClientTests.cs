using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using Renkei.Client.Tests.Support;

namespace Renkei.Client.Tests.Generated;

/// <summary>
/// The gateway's OpenAPI document generates a working client: <c>RenkeiApi.cs</c> is NSwag's output for the document
/// the gateway serves (the first test regenerates it and fails on any difference, writing what it generated beside
/// it), and that client fetches its own token at the document's token operation and reads a retailer's day.
/// </summary>
public sealed class GeneratedClientTests(DemoGateway demo) : IClassFixture<DemoGateway>
{
    [Fact]
    public async Task CheckedInClient_IsNSwagsOutputForTheServedDocument()
    {
        var document = await OpenApiDocument.FromJsonAsync(await ServedDocumentAsync());
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "RenkeiApi",
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            // 9.0 and later: enums carry [JsonStringEnumMemberName], so System.Text.Json writes the wire values
            // ("estimated"), not the C# member names ("Estimated"), which it would with the default 8.0.
            CSharpGeneratorSettings = { Namespace = "Renkei.Client.Tests.Generated", JsonLibrary = CSharpJsonLibrary.SystemTextJson, JsonLibraryVersion = 10.0m },
        };
        var generated = Normalize(new CSharpClientGenerator(document, settings).GenerateFile());

        var checkedIn = CheckedInPath();
        var expected = File.Exists(checkedIn) ? Normalize(await File.ReadAllTextAsync(checkedIn)) : "";
        if (generated != expected)
        {
            await File.WriteAllTextAsync(checkedIn + ".received", generated);
        }

        Assert.True(generated == expected, $"RenkeiApi.cs is not what NSwag generates from the served document; the generated code is in {checkedIn}.received (review it and replace RenkeiApi.cs with it)");
    }

    [Fact]
    public async Task GeneratedClient_FetchesItsOwnTokenAtTheDocumentedTokenOperation_AndReadsARetailersDay()
    {
        var document = JsonNode.Parse(await ServedDocumentAsync())!;
        var tokenUrl = document["components"]!["securitySchemes"]!["oauth2"]!["flows"]!["clientCredentials"]!["tokenUrl"]!.GetValue<string>();
        var server = document["servers"]![0]!["url"]!.GetValue<string>();
        using var http = PinnedHttp();
        http.BaseAddress = new Uri(demo.Host.GatewayUrl, server);
        var api = new RenkeiApi(http) { BaseUrl = http.BaseAddress.AbsoluteUri };
        Assert.Equal(new Uri(http.BaseAddress, tokenUrl.TrimStart('/')), new Uri(http.BaseAddress, "connect/token"));

        // Only the caller's credentials: the grant type is the document's default.
        var token = await api.TokenAsync(new Body { Client_id = demo.A.ClientId, Client_secret = demo.A.ClientSecret });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Access_token);
        var day = await api.SupplyPointDayAsync(demo.A.SuppliesToday[0], Day, direction: null);

        Assert.Equal(TokenResponseToken_type.Bearer, token.Token_type);
        Assert.Equal(demo.A.SuppliesToday[0], day.SupplyPointId);
        Assert.Equal(Enumerable.Range(1, 48), day.Slots.Select(s => s.Slot));
        Assert.Contains(day.Slots, s => s.Quality == SlotValueQuality.Actual && s.Kwh > 0);
    }

    [Fact]
    public async Task GeneratedClient_WrongSecret_ThrowsTheDocumentedOAuthError()
    {
        using var http = PinnedHttp();
        var api = new RenkeiApi(http) { BaseUrl = demo.Host.GatewayUrl.AbsoluteUri };

        var e = await Assert.ThrowsAsync<ApiException<OAuthError>>(() => api.TokenAsync(new Body { Client_id = demo.A.ClientId, Client_secret = "not-the-secret" }));

        Assert.Equal(401, e.StatusCode);
        Assert.Equal(OAuthErrorError.Invalid_client, e.Result.Error);
    }

    [Fact]
    public async Task GeneratedClient_OtherRetailersPoint_ThrowsWithTheDocumented404()
    {
        using var http = PinnedHttp();
        http.BaseAddress = demo.Host.GatewayUrl;
        using var own = new RenkeiClient(new RenkeiClientOptions { BaseAddress = demo.Host.GatewayUrl, ClientId = demo.A.ClientId, ClientSecret = demo.A.ClientSecret, ServerCertificate = demo.ServerCertificate });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await own.GetTokenAsync()).Value);
        var api = new RenkeiApi(http) { BaseUrl = demo.Host.GatewayUrl.AbsoluteUri };

        var e = await Assert.ThrowsAnyAsync<ApiException>(() => api.SupplyPointDayAsync(demo.A.DoesNotSupply, Day, direction: null));

        Assert.Equal(404, e.StatusCode);
    }

    private DateTimeOffset Day => new(demo.Yesterday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private async Task<string> ServedDocumentAsync()
    {
        using var http = PinnedHttp();
        return await http.GetStringAsync(new Uri(demo.Host.GatewayUrl, "openapi/v1.json"));
    }

    private HttpClient PinnedHttp() => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == demo.ServerCertificate.GetCertHashString() },
    });

    private static string Normalize(string code) => code.ReplaceLineEndings("\n").TrimEnd() + "\n";

    private static string CheckedInPath([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "RenkeiApi.cs");
}
