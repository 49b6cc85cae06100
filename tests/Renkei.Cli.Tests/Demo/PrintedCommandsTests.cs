using System.Diagnostics;
using System.Text.Json;
using Renkei.Cli.Demo;

namespace Renkei.Cli.Tests.Demo;

/// <summary>
/// The commands a new user copies run as shown: the demo's "Try:" lines and the README's first curl block, each in
/// bash against a real demo, with a <c>renkei</c> command as <c>tools/install-renkei.sh</c> installs it.
/// </summary>
public sealed class PrintedCommandsTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private const string Separator = "----8<----";

    [Fact]
    public async Task DemoTryCommands_RunAsPrinted_TokenThenTheSameDayTwice()
    {
        var lines = DemoTryCommands.For(demo.Host.Credentials, demo.DataDirectory);
        var script = string.Join($"\necho; echo '{Separator}'\n", lines);

        var (code, output, error) = await BashAsync(script, Directory.GetCurrentDirectory());

        Assert.True(code == 0, $"exit {code}: {error}");
        var answers = output.Split(Separator).Select(a => a.Trim()).ToArray();
        Assert.Equal(3, answers.Length);
        Assert.Equal(string.Empty, answers[0]); // the token lands in TOKEN, nothing printed
        var point = demo.Host.Credentials.Retailers[0].SuppliesToday[0];
        AssertDay(answers[1], point);
        AssertDay(answers[2], point);
    }

    [Fact]
    public async Task ReadmeFirstCurlBlock_RunsAsShown_AndAnswersTheDay()
    {
        var block = ReadmeBashBlocks().First(b => b.Contains("TOKEN=$(curl", StringComparison.Ordinal));
        // As shown, but at the fixture's port (the README's demo listens on 8443), from a folder whose renkei-data is the demo's.
        var script = block.Replace("https://127.0.0.1:8443", demo.Host.GatewayUrl.ToString().TrimEnd('/'), StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("renkei-readme-").FullName;
        Directory.CreateSymbolicLink(Path.Combine(folder, "renkei-data"), demo.DataDirectory);
        try
        {
            var (code, output, error) = await BashAsync(script + "\necho; echo \"$POINT\"", folder);

            Assert.True(code == 0, $"exit {code}: {error}");
            var parts = output.TrimEnd().Split('\n');
            AssertDay(string.Join('\n', parts[..^1]), parts[^1].Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void AssertDay(string json, string point)
    {
        using var day = JsonDocument.Parse(json);
        Assert.Equal(point, day.RootElement.GetProperty("supplyPointId").GetString());
        Assert.Equal(demo.Host.Credentials.Simulation.Yesterday, day.RootElement.GetProperty("date").GetString());
        Assert.Equal(48, day.RootElement.GetProperty("slots").GetArrayLength());
    }

    private static IEnumerable<string> ReadmeBashBlocks()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Renkei.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("repository root (Renkei.slnx) not found above the tests");
        }

        var readme = File.ReadAllText(Path.Combine(root.FullName, "README.md"));
        foreach (var part in readme.Split("```bash\n").Skip(1))
        {
            yield return part[..part.IndexOf("```", StringComparison.Ordinal)];
        }
    }

    /// <summary>Runs a script in bash in which <c>renkei</c> starts the renkei built beside the tests (as the installed tool would).</summary>
    private static async Task<(int Code, string Output, string Error)> BashAsync(string script, string workingDirectory)
    {
        var renkei = $"renkei() {{ dotnet \"{Path.Combine(AppContext.BaseDirectory, "renkei.dll")}\" \"$@\"; }}\n";
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("-eu");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        await process.StandardInput.WriteAsync(renkei + script);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
