using System.Diagnostics;

namespace Renkei.Cli.Cluster;

/// <summary>
/// One process of the cluster: started with its output (standard output and error) going to its log file line by
/// line, the last lines kept for a report; waits on a line it writes (its "listening" line) and on its exit, each
/// as an event with a timeout, never by polling.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int TailLines = 20;
    private readonly Lock gate = new();
    private readonly Queue<string> tail = new();
    private readonly List<(string Text, TaskCompletionSource<string> Found)> waiting = [];
    private readonly StreamWriter log;
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int openStreams = 2;

    private ChildProcess(string role, string name, Process process, string logPath, StreamWriter log)
    {
        Role = role;
        Name = name;
        Process = process;
        LogPath = logPath;
        this.log = log;
    }

    public string Role { get; }

    public string Name { get; }

    public Process Process { get; }

    public int Id => Process.Id;

    public string LogPath { get; }

    /// <summary>The address it serves (filled in by the cluster once known).</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Completes with the exit code once the process has exited and its output is in the log.</summary>
    public Task<int> Exited => exited.Task;

    /// <summary>Whether the cluster asked it to stop (an exit after that is not a death to report).</summary>
    public bool Stopping { get; private set; }

    public static ChildProcess Start(string role, string name, ProcessStartInfo start, string logPath)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = false;
        start.UseShellExecute = false;
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        log.WriteLine($"--- {DateTimeOffset.Now:O} {start.FileName} {string.Join(' ', start.ArgumentList)}");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        }
        catch
        {
            log.Dispose();
            throw;
        }

        var child = new ChildProcess(role, name, process, logPath, log);
        child.Follow(process.StandardOutput, $"{name}-stdout");
        child.Follow(process.StandardError, $"{name}-stderr");
        return child;
    }

    /// <summary>The first line from now on containing <paramref name="text"/>; fails when the process exits first or after <paramref name="timeout"/>, with its last lines.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (tail.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } seen)
            {
                return seen;
            }

            if (openStreams == 0)
            {
                throw new ClusterStartException($"{Name} exited before it was ready; the last lines of {LogPath}:{Environment.NewLine}{Tail()}");
            }

            waiting.Add((text, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ClusterStartException($"{Name} was not ready within {timeout.TotalSeconds:F0} s; the last lines of {LogPath}:{Environment.NewLine}{Tail()}");
        }
    }

    /// <summary>The last lines it wrote, indented for a report.</summary>
    public string Tail()
    {
        lock (gate)
        {
            return string.Join(Environment.NewLine, tail.Select(l => "  " + l));
        }
    }

    /// <summary>Notes that its exit is expected from now on (Ctrl+C in a terminal signals the children too).</summary>
    public void MarkStopping() => Stopping = true;

    /// <summary>Asks it to stop with <paramref name="signal"/> (SIGTERM by default: each part shuts down cleanly on it).</summary>
    public void Signal(int signal = SigTerm)
    {
        Stopping = true;
        if (Process.HasExited)
        {
            return;
        }

        // kill(1) rather than a P/Invoke: the signal is sent once per stop, and a child gone in between is no error.
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal.ToString(System.Globalization.CultureInfo.InvariantCulture), Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false, RedirectStandardError = true });
        kill?.WaitForExit();
    }

    /// <summary>Waits for its exit; kills it (SIGKILL) if it has not stopped within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, int signal = SigTerm)
    {
        Signal(signal);
        try
        {
            await Exited.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Process.Kill(entireProcessTree: true);
            await Exited.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        Process.Dispose();
        log.Dispose();
    }

    public const int SigInt = 2;
    public const int SigTerm = 15;

    // A thread of its own per stream, not the thread pool: a busy pool must not hold a child's output back.
    private void Follow(StreamReader reader, string threadName) =>
        new Thread(() =>
        {
            while (reader.ReadLine() is { } line)
            {
                OnLine(line);
            }

            OnClosed();
        })
        { IsBackground = true, Name = threadName }.Start();

    private void OnLine(string line)
    {
        lock (gate)
        {
            log.WriteLine(line);
            tail.Enqueue(line);
            if (tail.Count > TailLines)
            {
                tail.Dequeue();
            }

            for (var i = waiting.Count - 1; i >= 0; i--)
            {
                if (line.Contains(waiting[i].Text, StringComparison.Ordinal))
                {
                    waiting[i].Found.TrySetResult(line);
                    waiting.RemoveAt(i);
                }
            }
        }
    }

    private void OnClosed()
    {
        lock (gate)
        {
            if (--openStreams > 0)
            {
                return;
            }

            foreach (var (_, found) in waiting)
            {
                found.TrySetException(new ClusterStartException($"{Name} exited before it was ready; the last lines of {LogPath}:{Environment.NewLine}{Tail()}"));
            }

            waiting.Clear();
        }

        Process.WaitForExit();
        exited.TrySetResult(Process.ExitCode);
    }
}

/// <summary>A part of the cluster could not be started; the message says which and why.</summary>
internal sealed class ClusterStartException(string message) : Exception(message);
