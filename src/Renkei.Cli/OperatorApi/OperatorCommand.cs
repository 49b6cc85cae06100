using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Renkei.Cli.Demo;
using Renkei.Formats.Text;

namespace Renkei.Cli.OperatorApi;

/// <summary>
/// <c>renkei operator …</c>: the TSO operator's views through the gateway, from a terminal, logged in as an operator
/// (<see cref="OperatorLogIn"/>). Exit codes: 0 done, 1 the gateway refused (the log-in or the request; its reason on
/// stderr), 2 bad arguments, missing settings or an unreachable gateway.
/// </summary>
internal static class OperatorCommand
{
    public const string UserVariable = "RENKEI_OPERATOR_USER";
    public const string PasswordVariable = "RENKEI_OPERATOR_PASSWORD";

    private const string Name = "renkei operator";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly JsonSerializerOptions ReadJson = new(JsonSerializerDefaults.Web);

    private static readonly Option<string?> Gateway = new("--gateway") { Description = "Gateway base URL (else RENKEI_GATEWAY, else demo.json)", Recursive = true };
    private static readonly Option<string?> Ca = new("--ca") { Description = "Trust exactly this server certificate, PEM or DER (else RENKEI_CA_CERT, else demo.json's)", Recursive = true };
    private static readonly Option<string?> User = new("--user") { Description = $"Operator's user name (else {UserVariable}, else demo.json's operator)", Recursive = true };
    private static readonly Option<string?> Password = new("--password") { Description = $"Operator's password (else {PasswordVariable}, else demo.json's operator); prefer the variable", Recursive = true };
    private static readonly Option<DirectoryInfo> Data = new("--data") { Description = "The demo's data folder, for demo.json", DefaultValueFactory = _ => new DirectoryInfo("renkei-data"), Recursive = true };

    public static Command Build()
    {
        var command = new Command("operator", "The TSO operator's views through the gateway (log-in as an operator)") { Gateway, Ca, User, Password, Data };
        command.Subcommands.Add(ReconciliationCommand());
        return command;
    }

    private static Command ReconciliationCommand()
    {
        var area = new Option<string>("--area") { Description = "The area, 01 to 10 (one with a TSO node of its own)", Required = true };
        var limit = new Option<int?>("--limit") { Description = "Supply points per page (the gateway's default 1,000; at most 10,000)" };
        var format = new Option<string>("--format") { Description = "table (default) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("reconciliation", "Compare the hub's copy of an area's wheeling contracts with the area's TSO node, page by page; print every difference")
        {
            area, limit, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var text = parse.GetValue(area)!;
            if (text.Length != 2 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 10)
            {
                await error.WriteLineAsync($"{Name}: --area '{Echo.Prefix(text)}': expected two digits, 01 to 10").ConfigureAwait(false);
                return 2;
            }

            return await RunAsync(parse, async (session) =>
            {
                var pages = 0;
                var hub = 0;
                var tso = 0;
                DateTimeOffset? at = null;
                var differences = new List<JsonElement>();
                string? after = null;
                do
                {
                    var query = new List<string>();
                    if (parse.GetValue(limit) is { } n)
                    {
                        query.Add("limit=" + n.ToString(CultureInfo.InvariantCulture));
                    }

                    if (after is not null)
                    {
                        query.Add("after=" + after);
                    }

                    using var answer = await session.GetAsync($"api/v1/operator/reconciliation/{text}" + (query.Count == 0 ? "" : "?" + string.Join('&', query)), ct).ConfigureAwait(false);
                    if (!answer.IsSuccessStatusCode)
                    {
                        await error.WriteLineAsync($"{Name}: the gateway refused: {await ProblemAsync(answer, ct).ConfigureAwait(false)}").ConfigureAwait(false);
                        return 1;
                    }

                    var page = await answer.Content.ReadFromJsonAsync<JsonElement>(ct).ConfigureAwait(false);
                    pages++;
                    at ??= page.GetProperty("at").GetDateTimeOffset();
                    hub += page.GetProperty("hubContracts").GetInt32();
                    tso += page.GetProperty("tsoContracts").GetInt32();
                    differences.AddRange(page.GetProperty("differences").EnumerateArray().Select(d => d.Clone()));
                    var next = page.GetProperty("next").GetString();
                    if (next is not null && after is not null && string.CompareOrdinal(next, after) <= 0)
                    {
                        await error.WriteLineAsync($"{Name}: the gateway's page after {after} did not move on (next {next}); stopped").ConfigureAwait(false);
                        return 1;
                    }

                    after = next;
                }
                while (after is not null);

                if (parse.GetValue(format) == "json")
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { area = number, at, pages, hubContracts = hub, tsoContracts = tso, consistent = differences.Count == 0, differences }, Json)).ConfigureAwait(false);
                    return 0;
                }

                var verdict = differences.Count == 0 ? "consistent" : string.Create(CultureInfo.InvariantCulture, $"{differences.Count:N0} differences");
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"area {number:D2} at {at:yyyy-MM-ddTHH:mm:ssZ}: hub {hub:N0} contract periods, TSO {tso:N0}, {pages:N0} pages: {verdict}")).ConfigureAwait(false);
                if (differences.Count > 0)
                {
                    await output.WriteLineAsync($"{"side",-12} {"supply point",-22} {"retailer",-8} {"start",-10} end").ConfigureAwait(false);
                    foreach (var d in differences)
                    {
                        var p = d.GetProperty("period");
                        await output.WriteLineAsync(
                            $"{d.GetProperty("side").GetString(),-12} {p.GetProperty("supplyPointId").GetString(),-22} {p.GetProperty("retailerCode").GetString(),-8} {p.GetProperty("startDate").GetString(),-10} {p.GetProperty("endDate").GetString() ?? "(open)"}").ConfigureAwait(false);
                    }
                }

                return 0;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Func<OperatorLogIn, Task<int>> action, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        var gateway = parse.GetValue(Gateway) ?? Environment.GetEnvironmentVariable(RetailerApi.RetailerConnection.GatewayVariable);
        var ca = parse.GetValue(Ca) ?? Environment.GetEnvironmentVariable(RetailerApi.RetailerConnection.CaVariable);
        var user = parse.GetValue(User) ?? Environment.GetEnvironmentVariable(UserVariable);
        var password = parse.GetValue(Password) ?? Environment.GetEnvironmentVariable(PasswordVariable);
        var demoFile = Path.Combine(parse.GetValue(Data)!.FullName, "demo.json");
        if ((gateway is null || user is null || password is null) && File.Exists(demoFile))
        {
            try
            {
                var demo = JsonSerializer.Deserialize<DemoCredentials>(await File.ReadAllTextAsync(demoFile, cancellationToken).ConfigureAwait(false), ReadJson);
                gateway ??= demo?.Gateway;
                ca ??= demo?.CaCertificate;
                if (user is null && demo?.Operator is { } op)
                {
                    user = op.User;
                    password ??= op.Password;
                }
            }
            catch (JsonException e)
            {
                await error.WriteLineAsync($"{Name}: {demoFile} is not a demo.json file: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        }

        var missing = new List<string>();
        if (gateway is null)
        {
            missing.Add("the gateway URL (--gateway or RENKEI_GATEWAY)");
        }

        if (user is null)
        {
            missing.Add($"the operator's user name (--user or {UserVariable})");
        }

        if (password is null)
        {
            missing.Add($"the operator's password ({PasswordVariable} or --password)");
        }

        if (missing.Count > 0)
        {
            await error.WriteLineAsync($"{Name}: missing {string.Join(", ", missing)}; no demo.json found at {demoFile} either").ConfigureAwait(false);
            return 2;
        }

        if (!Uri.TryCreate(gateway, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            await error.WriteLineAsync($"{Name}: the gateway URL '{Echo.Prefix(gateway)}' must be an absolute https URL").ConfigureAwait(false);
            return 2;
        }

        if (ca is not null && !File.Exists(ca))
        {
            await error.WriteLineAsync($"{Name}: --ca: no file at {ca}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            await using var session = OperatorLogIn.Open(url, ca);
            await session.LogInAsync(user!, password!, cancellationToken).ConfigureAwait(false);
            return await action(session).ConfigureAwait(false);
        }
        catch (OperatorRefusedException e)
        {
            await error.WriteLineAsync($"{Name}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"{Name}: {RetailerApi.GatewayUnreachable.Describe(e, url, ca)}").ConfigureAwait(false);
            return 2;
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            await error.WriteLineAsync($"{Name}: cannot read the certificate {ca}: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>"404 Not found: detail" from a problem document, or the status and the start of the body.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        var body = await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return $"{(int)answer.StatusCode} {Echo.Prefix(title)}: {Echo.Reason(detail)}";
        }
        catch (JsonException)
        {
            return $"{(int)answer.StatusCode} {answer.ReasonPhrase}{(body.Length == 0 ? "" : ": " + Echo.Reason(body))}";
        }
    }
}
