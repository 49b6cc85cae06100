using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Renkei.Cli.Demo;
using Renkei.Client;
using Renkei.Formats.Text;

namespace Renkei.Cli.RetailerApi;

/// <summary>
/// Where the <c>renkei retailer</c> commands connect and as whom: each setting from its option, else its environment
/// variable, else the demo's <c>demo.json</c> (in <c>--data</c>, default <c>./renkei-data</c>; <c>--retailer CODE</c>
/// picks the demo retailer, default the first).
/// </summary>
internal sealed record RetailerConnection(Uri Gateway, string ClientId, string ClientSecret, string? CaCertificate, string? ClientCertificate, string? ClientCertificatePassword)
{
    public const string GatewayVariable = "RENKEI_GATEWAY";
    public const string ClientIdVariable = "RENKEI_CLIENT_ID";
    public const string ClientSecretVariable = "RENKEI_CLIENT_SECRET";
    public const string CaVariable = "RENKEI_CA_CERT";
    public const string ClientCertificateVariable = "RENKEI_CLIENT_CERT";
    public const string ClientCertificatePasswordVariable = "RENKEI_CLIENT_CERT_PASSWORD";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The settings given on the command line (null = not given).</summary>
    internal sealed record Given(string? Gateway, string? ClientId, string? ClientSecret, string? Ca, string? Certificate, string? CertificatePassword, string DataDirectory, string? Retailer);

    /// <summary>Resolves every setting, or says which ones are missing and where they were looked for.</summary>
    public static bool TryResolve(Given given, Func<string, string?> environment, out RetailerConnection? connection, out string? error)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(environment);
        connection = null;
        var gateway = given.Gateway ?? environment(GatewayVariable);
        var clientId = given.ClientId ?? environment(ClientIdVariable);
        var secret = given.ClientSecret ?? environment(ClientSecretVariable);
        var ca = given.Ca ?? environment(CaVariable);
        var certificate = given.Certificate ?? environment(ClientCertificateVariable);
        var password = given.CertificatePassword ?? environment(ClientCertificatePasswordVariable);

        var demoFile = Path.Combine(given.DataDirectory, "demo.json");
        if ((gateway is null || clientId is null || secret is null) && File.Exists(demoFile))
        {
            DemoCredentials? demo;
            try
            {
                demo = JsonSerializer.Deserialize<DemoCredentials>(File.ReadAllText(demoFile), Json);
            }
            catch (JsonException e)
            {
                error = $"{demoFile} is not a demo.json file: {e.Message}";
                return false;
            }

            var retailer = given.Retailer is null
                ? (demo?.Retailers is { Count: > 0 } all ? all[0] : null)
                : demo?.Retailers.FirstOrDefault(r => string.Equals(r.Code, given.Retailer, StringComparison.OrdinalIgnoreCase));
            if (retailer is null)
            {
                error = given.Retailer is null ? $"{demoFile} lists no retailer" : $"{demoFile} has no retailer {given.Retailer}";
                return false;
            }

            gateway ??= demo!.Gateway;
            if (clientId is null)
            {
                clientId = retailer.ClientId;
                secret ??= retailer.ClientSecret;
            }

            ca ??= demo!.CaCertificate;
        }

        var missing = new List<string>();
        if (gateway is null)
        {
            missing.Add($"the gateway URL (--gateway or {GatewayVariable})");
        }

        if (clientId is null)
        {
            missing.Add($"the client ID (--client-id or {ClientIdVariable})");
        }

        if (secret is null)
        {
            missing.Add($"the client secret (--client-secret or {ClientSecretVariable})");
        }

        if (missing.Count > 0)
        {
            error = $"missing {string.Join(", ", missing)}; no demo.json found at {demoFile} either";
            return false;
        }

        if (!Uri.TryCreate(gateway, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            error = $"the gateway URL '{Echo.Prefix(gateway)}' must be an absolute https URL";
            return false;
        }

        foreach (var (file, what) in new[] { (ca, "--ca"), (certificate, "--cert") })
        {
            if (file is not null && !File.Exists(file))
            {
                error = $"{what}: no file at {file}";
                return false;
            }
        }

        connection = new RetailerConnection(url, clientId!, secret!, ca, certificate, password);
        error = null;
        return true;
    }

    public RenkeiClient CreateClient() => new(new RenkeiClientOptions
    {
        BaseAddress = Gateway,
        ClientId = ClientId,
        ClientSecret = ClientSecret,
        ServerCertificate = CaCertificate is null ? null : X509CertificateLoader.LoadCertificateFromFile(CaCertificate),
        ClientCertificate = ClientCertificate is null ? null : X509CertificateLoader.LoadPkcs12FromFile(ClientCertificate, ClientCertificatePassword),
    });
}
