using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Renkei.Client;

namespace Renkei.Cli.Tests.Demo;

/// <summary>
/// docs/quickstart.md works as printed: its snippets are taken from the page itself (so page and test cannot drift)
/// and run against a real demo, the shell ones in bash with curl, the Python ones with python3, the C# one with
/// <c>dotnet run day.cs</c>, from a folder whose <c>renkei-data</c> is the demo's.
/// </summary>
public sealed class QuickstartTests(DemoFixture demo) : IClassFixture<DemoFixture>, IDisposable
{
    private readonly string folder = CreateFolder(demo.DataDirectory);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ShellSnippets_RunAsShown_TokenXmlSlotAndFeed()
    {
        // As shown, but at the fixture's port (the page's demo listens on 8443).
        var script = string.Join('\n', Blocks("sh")).Replace("https://127.0.0.1:8443", demo.Host.GatewayUrl.ToString().TrimEnd('/'), StringComparison.Ordinal);

        var (code, output, error) = await RunAsync("bash", ["-eu"], script + "\necho \"token: ${#TOKEN} cursor: $CURSOR\"");

        Assert.True(code == 0, $"exit {code}: {error}\n{output}");
        var xml = await File.ReadAllTextAsync(Path.Combine(folder, "slot10.xml"));
        Assert.StartsWith("<?xml", xml, StringComparison.Ordinal);
        Assert.Contains("JPTRM", xml, StringComparison.Ordinal);
        Assert.Contains(demo.Host.Credentials.Retailers[0].SuppliesToday[0], xml, StringComparison.Ordinal);
        Assert.DoesNotContain(demo.Host.Credentials.Retailers[0].DoesNotSupply, xml, StringComparison.Ordinal);
        Assert.Matches(@"\d+ items, first: slot-published next: \d+", output);
        Assert.Matches(@"token: [1-9]\d{2,} cursor: [1-9]\d*", output);
    }

    [Fact]
    public async Task PythonTokenSnippet_RunsAsShown_AndReadsTheDay()
    {
        var snippet = Blocks("python").Single(b => b.Contains("access_token", StringComparison.Ordinal));

        var (code, output, error) = await RunAsync("python3", ["-"], snippet);

        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.StartsWith(demo.Host.Credentials.Retailers[0].SuppliesToday[0] + " 48 slots; slot 1:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotNetSnippet_RunsAsShown_WithDotnetRun_AndReadsTheDay()
    {
        // As the page says: saved as day.cs in the repository's folder and run with `dotnet run day.cs`. The folder
        // here is a copy of the parts of the repository that matter to that build (its build files, analyzers
        // included, and the projects the #:project lines name), beside the demo's data, so the test builds them
        // as a reader's clone would, without touching the repository's own bin and obj.
        var snippet = Blocks("csharp").Single(b => b.Contains("#:project", StringComparison.Ordinal));
        var root = RepositoryRoot();
        foreach (var file in new[] { ".editorconfig", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json" })
        {
            File.Copy(Path.Combine(root, file), Path.Combine(folder, file));
        }

        foreach (var project in new[] { "Renkei.Client", "Renkei.Formats", "Renkei.Domain" })
        {
            CopySources(Path.Combine(root, "src", project), Path.Combine(folder, "src", project));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "day.cs"), snippet);

        var (code, output, error) = await RunAsync("dotnet", ["run", "day.cs"], "", TimeSpan.FromMinutes(10));

        Assert.True(code == 0, $"exit {code}: {error}\n{output}");
        Assert.Matches($@"(?m)^{demo.Host.Credentials.Retailers[0].SuppliesToday[0]} 48 slots; slot 1: \d+(\.\d+)? kWh \((actual|estimated)\)$", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task PythonSignatureSnippet_AgreesWithTheGatewaysSigningRule()
    {
        var snippet = Blocks("python").Single(b => b.Contains("def notice_is_genuine", StringComparison.Ordinal));
        const string Secret = "whsec_quickstart";
        var body = "{\"id\":\"pub-2026-11-27-20-81234\",\"kind\":\"slot.published\"}"u8.ToArray();
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray()));
        var stale = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The same rule as the client library's check, which the gateway's own notices are tested against.
        Assert.True(WebhookNoticeSignature.IsValid(Secret, timestamp, signature, body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        var calls = $"""

            body = bytes.fromhex("{Convert.ToHexString(body)}")
            print(notice_is_genuine("{Secret}", "{timestamp}", "{signature}", body))
            print(notice_is_genuine("{Secret}", "{timestamp}", "{signature}", body + b" "))
            print(notice_is_genuine("whsec_other", "{timestamp}", "{signature}", body))
            print(notice_is_genuine("{Secret}", "{stale}", "{signature}", body))
            """;

        var (code, output, error) = await RunAsync("python3", ["-"], snippet + calls);

        Assert.True(code == 0, $"exit {code}: {error}");
        Assert.Equal(["True", "False", "False", "False"], output.Trim().Split('\n').Select(l => l.Trim()));
    }

    /// <summary>The page's fenced blocks of one language, in order.</summary>
    private static IEnumerable<string> Blocks(string language)
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "quickstart.md")).ReplaceLineEndings("\n");
        foreach (var part in page.Split($"```{language}\n").Skip(1))
        {
            yield return part[..part.IndexOf("```", StringComparison.Ordinal)];
        }
    }

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Renkei.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("repository root (Renkei.slnx) not found above the tests");
        }

        return root.FullName;
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopySources(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    private static string CreateFolder(string dataDirectory)
    {
        var folder = Directory.CreateTempSubdirectory("renkei-quickstart-").FullName;
        Directory.CreateSymbolicLink(Path.Combine(folder, "renkei-data"), dataDirectory);
        return folder;
    }

    private Task<(int Code, string Output, string Error)> RunAsync(string program, string[] arguments, string input) =>
        RunAsync(program, arguments, input, TimeSpan.FromSeconds(120));

    private async Task<(int Code, string Output, string Error)> RunAsync(string program, string[] arguments, string input, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        // A reader's shell, not the test host's: MSBuild's variables from `dotnet test` would steer a nested dotnet.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(limit);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
