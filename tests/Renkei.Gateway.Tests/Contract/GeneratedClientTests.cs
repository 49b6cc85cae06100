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
        var token = await Invoke(client, "TokenAsync", new Dictionary<string, object>
        {
            ["granttype"] = "client_credentials",
            ["clientid"] = TestGateway.R1Id,
            ["clientsecret"] = TestGateway.R1Secret,
        });
        var accessToken = (string)Property(token, "accesstoken")!;
        Assert.StartsWith("eyJ", accessToken, StringComparison.Ordinal);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        var arguments = new Dictionary<string, object> { ["id"] = Market.R1Only, ["date"] = new DateOnly(2026, 11, 9) };
        var day = await Invoke(client, "SupplyPointDayAsync", arguments);

        Assert.Equal("IntervalsResponse", day.GetType().Name);
        Assert.Equal(Market.R1Only, Property(day, "supplypointid"));
        Assert.Equal(48, ((System.Collections.ICollection)Property(day, "slots")!).Count);

        // And a refusal arrives as the generated exception carrying the documented status.
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Invoke(client, "SupplyPointDayAsync", arguments));
        Assert.Equal((int)HttpStatusCode.Unauthorized, refused.GetType().GetProperty("StatusCode")!.GetValue(refused));
    }

    /// <summary>
    /// Calls the generated method <paramref name="name"/> (the overload without a cancellation token), each parameter
    /// filled from <paramref name="arguments"/> by its name without case or underscores, converted to the parameter's
    /// type (a string to an enum; a date to the DateTimeOffset or string NSwag chose).
    /// </summary>
    private static async Task<object> Invoke(object client, string name, Dictionary<string, object> arguments)
    {
        var candidates = client.GetType().GetMethods().Where(m => m.Name == name && m.GetParameters().All(p => p.ParameterType != typeof(CancellationToken))).ToList();
        Assert.True(candidates.Count == 1, $"{name}: {candidates.Count} methods; the client's: {string.Join("; ", client.GetType().GetMethods().Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal)).Select(Signature))}");
        var method = candidates[0];
        var values = method.GetParameters().Select(p => Convert(arguments, p.Name!, p.ParameterType, Signature(method))).ToArray();
        var task = (Task)method.Invoke(client, values)!;
        await task;
        return task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    /// <summary>The argument for a parameter (or a generated body object's property) of <paramref name="parameterType"/>.</summary>
    private static object? Convert(Dictionary<string, object> arguments, string name, Type parameterType, string signature)
    {
        var type = Nullable.GetUnderlyingType(parameterType) ?? parameterType;
        if (!arguments.TryGetValue(Normalise(name), out var value))
        {
            // A form body NSwag wraps in a generated class: its properties filled by name.
            Assert.True(type.IsClass && type != typeof(string) && type.GetConstructor(Type.EmptyTypes) is not null, $"no value for parameter {name} ({type}); the signature: {signature}");
            var body = Activator.CreateInstance(type)!;
            foreach (var property in type.GetProperties().Where(p => p.CanWrite && arguments.ContainsKey(Normalise(p.Name))))
            {
                property.SetValue(body, Convert(arguments, property.Name, property.PropertyType, signature));
            }

            return body;
        }

        return value switch
        {
            string text when type.IsEnum => Enum.GetValues(type).Cast<object>().Single(e => Normalise(e.ToString()!) == Normalise(text)),
            DateOnly date when type == typeof(DateTimeOffset) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            DateOnly date when type == typeof(DateTime) => date.ToDateTime(TimeOnly.MinValue),
            DateOnly date when type == typeof(string) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    private static object? Property(object instance, string name) =>
        instance.GetType().GetProperties().Single(p => Normalise(p.Name) == name).GetValue(instance);

    private static string Normalise(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static string Signature(MethodInfo method) =>
        $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"))})";

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
