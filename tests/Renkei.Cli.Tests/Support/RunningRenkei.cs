using System.Diagnostics;
using System.Text;

namespace Renkei.Cli.Tests.Support;

/// <summary>
/// A long-running <c>renkei</c> process (the demo, a node): started, awaited until a line of its standard output says
/// it is ready, then killed with SIGKILL. Everything it printed is kept in <see cref="Output"/>.
/// </summary>
internal sealed class RunningRenkei : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    private RunningRenkei(Process process) => this.process = process;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (error)
            {
                return error.ToString();
            }
        }
    }

    /// <summary>Starts renkei with <paramref name="args"/> and waits (at most 5 minutes) for a line of standard output starting with <paramref name="ready"/>.</summary>
    public static async Task<RunningRenkei> StartAsync(string ready, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "renkei.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var running = new RunningRenkei(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                seen.TrySetException(new InvalidOperationException("renkei ended before it was ready: " + running.Error));
                return;
            }

            lock (running.output)
            {
                running.output.AppendLine(e.Data);
            }

            if (e.Data.StartsWith(ready, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (running.error)
            {
                running.error.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await seen.Task.WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }

        return running;
    }

    /// <summary>SIGKILL and wait for the end: no shutdown code runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }
}
