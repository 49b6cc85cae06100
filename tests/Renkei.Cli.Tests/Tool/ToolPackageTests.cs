using System.Diagnostics;
using System.Reflection;

namespace Renkei.Cli.Tests.Tool;

/// <summary>
/// <c>renkei</c> ships as a .NET tool: the CLI project packs into a tool package that <c>dotnet tool install</c> takes
/// from a local folder alone, and the installed <c>renkei</c> runs (what <c>tools/install-renkei.sh</c> does, with a
/// private tool path instead of the user's).
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public async Task CliProject_PacksAsTool_ThatInstallsAndRuns()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("renkei-tool-").FullName;
        try
        {
            var packages = Path.Combine(work, "packages");
            var tools = Path.Combine(work, "tools");

            // The CLI is built already (this test project references it), in this test's configuration: pack what was built.
            var configuration = typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            await RunAsync("dotnet", root, "pack", Path.Combine(root, "src", "Renkei.Cli"), "--no-build", "-c", configuration, "-o", packages, "--nologo");
            Assert.Single(Directory.GetFiles(packages, "Renkei.Cli.*.nupkg"));

            await RunAsync("dotnet", root, "tool", "install", "Renkei.Cli", "--tool-path", tools, "--source", packages);
            var help = await RunAsync(Path.Combine(tools, "renkei"), work, "--help");

            Assert.Contains("renkei [command] [options]", help, StringComparison.Ordinal);
            Assert.Contains("demo", help, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
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

    private static async Task<string> RunAsync(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await error}{await output}");
        return await output;
    }
}
