using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Renkei.Bench;

/// <summary>
/// The GC's gen0 budget for a measured process. The runtime sizes it from the CPU's last-level cache; a host whose
/// kernel does not expose the cache (this project's 2-core VM has no <c>/sys/devices/system/cpu/cpu0/cache</c>) gets
/// its smallest budget, a few MB per collection: under the gateway bench that means dozens of gen0 collections a
/// second and many gen1s with them (docs/performance.md, gateway).
/// The runtime reads the budget only from the environment (<c>DOTNET_GCgen0size</c>, hexadecimal bytes; the
/// runtimeconfig properties are ignored, tested), before it starts, so the bench runs itself again as a child
/// with the variable set — the same setting docs/operations.md gives the gateway's and metering's services.
/// </summary>
internal static class GcBudget
{
    public const string Variable = "DOTNET_GCgen0size";

    /// <summary>The value in force in this process, or null when the runtime chose its own.</summary>
    public static string? InForce => Environment.GetEnvironmentVariable(Variable);

    /// <summary>
    /// With <paramref name="mebibytes"/> above 0 and the variable not yet set: runs this same command line again as a
    /// child process with it set, and returns the child's exit code. Otherwise null: the caller goes on itself.
    /// </summary>
    public static async Task<int?> RunWithAsync(int mebibytes, CancellationToken cancellationToken)
    {
        if (mebibytes <= 0 || InForce is not null)
        {
            return null;
        }

        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var arg in Environment.GetCommandLineArgs().Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[Variable] = "0x" + ((long)mebibytes * 1024 * 1024).ToString("x", CultureInfo.InvariantCulture);
        Console.WriteLine($"gc         gen0 budget {mebibytes} MiB: running again with {Variable}={start.Environment[Variable]} (--gen0-budget-mib 0 keeps the runtime's own)");
        using var child = Process.Start(start)!;
        try
        {
            await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw;
        }

        return child.ExitCode;
    }
}
