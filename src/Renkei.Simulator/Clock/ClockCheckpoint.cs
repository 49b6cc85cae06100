using System.Globalization;

namespace Renkei.Simulator.Clock;

/// <summary>
/// Where a simulated clock stood, kept in a file of the data folder (one ISO 8601 instant), so an accelerated
/// clock resumes after a restart, even after <c>kill -9</c>, where it stopped instead of at the wall clock (which
/// would take it back in simulated time). Written every <see cref="RunAsync"/> period and on a clean stop, each time
/// to a temporary file flushed to disk and renamed over the last, so the file is always whole; after a crash the
/// clock resumes at most one period behind where it stopped.
/// </summary>
public sealed class ClockCheckpoint(string path)
{
    /// <summary>How often <see cref="RunAsync"/> writes the clock down (real time).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    public string Path { get; } = path;

    /// <summary>The instant the clock stood at when last written down; null when the file does not exist.</summary>
    public DateTimeOffset? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        var text = File.ReadAllText(Path).Trim();
        return DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : throw new InvalidDataException($"{Path}, line 1: '{(text.Length > 40 ? text[..40] + "…" : text)}' is not an ISO 8601 instant (the demo clock's last position)");
    }

    /// <summary>Writes <paramref name="instant"/> down durably (temporary file, flushed to disk, renamed).</summary>
    public void Save(DateTimeOffset instant)
    {
        var temporary = Path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(instant.ToString("O", CultureInfo.InvariantCulture) + "\n"));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>
    /// Writes <paramref name="clock"/>'s now down every <see cref="Period"/> until cancelled, and once more then. A
    /// write that fails (a full disk) leaves the last one in place and is tried again at the next period.
    /// </summary>
    public async Task RunAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        using var timer = new PeriodicTimer(Period);
        try
        {
            do
            {
                TrySave(clock.GetUtcNow());
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }

        TrySave(clock.GetUtcNow());
    }

    private void TrySave(DateTimeOffset instant)
    {
        try
        {
            Save(instant);
        }
        catch (IOException)
        {
            // The previous instant stays: the clock resumes a little earlier, never later than it stood.
        }
    }
}
