using System.Net;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using NJsonSchema.CodeGeneration.CSharp;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Contract;

/// <summary>
/// Issue 20: the document generates a client that works. NSwag generates a C# client from the served
/// <c>/openapi/v1.json</c> (as an integrator would), Roslyn compiles it, and the compiled client fetches a token at
/// the document's token URL and reads a supply point's day, typed, from the real gateway.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class GeneratedClientTests(InternalZone zone)
{
    [Fact]
    public async Task ClientGeneratedFromTheDocument_FetchesATokenAndReadsADay()
    {
        var gateway = zone.Shared;
        var http = gateway.Client();
        var document = await OpenApiDocument.FromJsonAsync(await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative)));
        var code = new CSharpClientGenerator(document, new CSharpClientGeneratorSettings
        {
            ClassName = "RenkeiApi",
            InjectHttpClient = true,
            UseBaseUrl = true,
            GenerateClientInterfaces = false,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            CSharpGeneratorSettings = { Namespace = "Generated.Renkei", JsonLibrary = CSharpJsonLibrary.SystemTextJson },
        }).GenerateFile();
        var assembly = Compile(code);
        var type = assembly.GetType("Generated.Renkei.RenkeiApi", throwOnError: true)!;
        var client = Activator.CreateInstance(type, http)!;
        type.GetProperty("BaseUrl")!.SetValue(client, gateway.Url.ToString());

        // The client credentials grant at the token URL the document's OAuth2 scheme names, through the generated method.
        var tokenUrl = document.Components.SecuritySchemes["oauth2"].Flows.ClientCredentials.TokenUrl;
        Assert.Equal("/connect/token", tokenUrl);
        var token = await Invoke(client, "TokenAsync", "client_credentials", TestGateway.R1Id, TestGateway.R1Secret);
        var accessToken = (string)token.GetType().GetProperty("Access_token")!.GetValue(token)!;
        Assert.StartsWith("eyJ", accessToken, StringComparison.Ordinal);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        var day = await Invoke(client, "SupplyPointDayAsync", Market.R1Only, new DateTimeOffset(2026, 11, 9, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("IntervalsResponse", day.GetType().Name);
        Assert.Equal(Market.R1Only, day.GetType().GetProperty("SupplyPointId")!.GetValue(day));
        var slots = (System.Collections.ICollection)day.GetType().GetProperty("Slots")!.GetValue(day)!;
        Assert.Equal(48, slots.Count);

        // And a refusal arrives as the generated exception carrying the documented status.
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Invoke(client, "SupplyPointDayAsync", Market.R1Only, new DateTimeOffset(2026, 11, 9, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal((int)HttpStatusCode.Unauthorized, refused.GetType().GetProperty("StatusCode")!.GetValue(refused));
    }

    private static async Task<object> Invoke(object client, string name, params object[] arguments)
    {
        var method = client.GetType().GetMethods().Single(m => m.Name == name && m.GetParameters().Length == arguments.Length);
        var task = (Task)method.Invoke(client, arguments)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "Renkei.GeneratedClient",
            [CSharpSyntaxTree.ParseText(code)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        image.Position = 0;
        return new AssemblyLoadContext("generated-client", isCollectible: true).LoadFromStream(image);
    }
}
