using System.Diagnostics;

namespace Renkei.Cli.Tests.Serve;

/// <summary>
/// The lines a child process writes to standard output and standard error, read as they come, so that a test waits
/// for the line that says a thing happened instead of for a time.
/// </summary>
internal sealed class ProcessLines
{
    private readonly List<string> lines = [];
    private readonly List<(string Text, int From, TaskCompletionSource<string> Found)> waiting = [];
    private int openStreams = 2;

    public ProcessLines(Process process)
    {
        _ = PumpAsync(process.StandardOutput);
        _ = PumpAsync(process.StandardError);
    }

    /// <summary>How many lines have been read so far: a mark to wait for a line written after it.</summary>
    public int Count
    {
        get
        {
            lock (lines)
            {
                return lines.Count;
            }
        }
    }

    /// <summary>
    /// The first line from the <paramref name="from"/>th on that contains <paramref name="text"/>. Fails when the
    /// process closes its output first, or after <paramref name="timeout"/>, with everything it wrote.
    /// </summary>
    public async Task<string> WaitForAsync(string text, int from, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (lines)
        {
            for (var i = from; i < lines.Count; i++)
            {
                if (lines[i].Contains(text, StringComparison.Ordinal))
                {
                    return lines[i];
                }
            }

            if (openStreams == 0)
            {
                throw new InvalidOperationException($"the process ended without writing \"{text}\":\n{string.Join('\n', lines)}");
            }

            waiting.Add((text, from, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no line with \"{text}\" within {timeout.TotalSeconds:F0} s:\n{string.Join('\n', Snapshot())}");
        }
    }

    private string[] Snapshot()
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                lines.Add(line);
                for (var i = waiting.Count - 1; i >= 0; i--)
                {
                    if (lines.Count > waiting[i].From && line.Contains(waiting[i].Text, StringComparison.Ordinal))
                    {
                        waiting[i].Found.TrySetResult(line);
                        waiting.RemoveAt(i);
                    }
                }
            }
        }

        lock (lines)
        {
            if (--openStreams == 0)
            {
                foreach (var (text, _, found) in waiting)
                {
                    found.TrySetException(new InvalidOperationException($"the process ended without writing \"{text}\":\n{string.Join('\n', lines)}"));
                }

                waiting.Clear();
            }
        }
    }
}
