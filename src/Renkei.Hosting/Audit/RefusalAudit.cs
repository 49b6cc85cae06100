namespace Renkei.Hosting.Audit;

/// <summary>
/// Writes refusals to an <see cref="AuditLog"/> so that a flood of them cannot fill the disk: at most
/// <see cref="RefusalAuditLimits.LinesPerAddress"/> lines per source address and
/// <see cref="RefusalAuditLimits.Lines"/> in all per <see cref="RefusalAuditLimits.Window"/>; the rest are counted,
/// and when the window closes one summary line per address (at most <see cref="RefusalAuditLimits.Lines"/>, then one
/// for all remaining addresses) says how many were not written one by one. The internal nodes' refused calls and
/// the gateway's failed TLS handshakes (<c>TlsRefusals</c>) both go through it. Disposing writes the open window's
/// summaries and, when it owns the log, closes the file.
/// </summary>
public sealed class RefusalAudit : IAsyncDisposable
{
    private const int MaxTrackedAddresses = 10_000;
    private const string OtherAddresses = "(other addresses)";

    private readonly TimeProvider clock;
    private readonly string method;
    private readonly string what;
    private readonly object gate = new();
    private readonly Dictionary<string, int> written = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> suppressed = new(StringComparer.Ordinal);
    private readonly ITimer timer;
    private DateTimeOffset windowStart;
    private readonly bool ownsLog;
    private int writtenInWindow;
    private int disposed;

    /// <param name="log">The log written to.</param>
    /// <param name="clock">The clock of the entries and of the window.</param>
    /// <param name="limits">The per-window caps.</param>
    /// <param name="method">The <c>method</c> of a summary line (e.g. <c>-</c>).</param>
    /// <param name="what">What a summary counts, in the plural (e.g. <c>refused internal calls</c>).</param>
    /// <param name="ownsLog">Whether disposing closes <paramref name="log"/> (false when the log is shared, as the gateway's is).</param>
    public RefusalAudit(AuditLog log, TimeProvider clock, RefusalAuditLimits limits, string method, string what, bool ownsLog = true)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.LinesPerAddress);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.Lines);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limits.Window, TimeSpan.Zero);
        Log = log;
        this.clock = clock;
        Limits = limits;
        this.method = method;
        this.what = what;
        this.ownsLog = ownsLog;
        windowStart = clock.GetUtcNow();
        timer = clock.CreateTimer(static s => ((RefusalAudit)s!).CloseWindow(), this, limits.Window, limits.Window);
    }

    public AuditLog Log { get; }

    public RefusalAuditLimits Limits { get; }

    /// <summary>The clock of the entries (the caller stamps its entry with it).</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Queues <paramref name="entry"/> (keyed by its <see cref="AuditEntry.SourceAddress"/>) if the window's caps
    /// allow; otherwise counts it for the window's summary. True if queued.
    /// </summary>
    public bool Append(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var address = entry.SourceAddress;
        lock (gate)
        {
            var lines = written.GetValueOrDefault(address);
            if (lines >= Limits.LinesPerAddress || writtenInWindow >= Limits.Lines)
            {
                if (!suppressed.ContainsKey(address) && suppressed.Count >= MaxTrackedAddresses)
                {
                    address = OtherAddresses;
                }

                suppressed[address] = suppressed.GetValueOrDefault(address) + 1;
                return false;
            }

            written[address] = lines + 1;
            writtenInWindow++;
        }

        Log.Append(entry);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await timer.DisposeAsync().ConfigureAwait(false);
        CloseWindow();
        if (ownsLog)
        {
            await Log.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes the window's summaries (how many refusals were not written one by one) and starts a new window.</summary>
    internal void CloseWindow()
    {
        List<KeyValuePair<string, int>> summaries;
        DateTimeOffset start;
        lock (gate)
        {
            start = windowStart;
            windowStart = clock.GetUtcNow();
            writtenInWindow = 0;
            written.Clear();
            summaries = [.. suppressed];
            suppressed.Clear();
        }

        var now = clock.GetUtcNow();
        var rest = 0;
        var restAddresses = 0;
        for (var i = 0; i < summaries.Count; i++)
        {
            if (i >= Limits.Lines)
            {
                rest += summaries[i].Value;
                restAddresses++;
                continue;
            }

            Log.Append(Summary(now, summaries[i].Key, summaries[i].Value, start));
        }

        if (rest > 0)
        {
            Log.Append(Summary(now, $"({restAddresses} more addresses)", rest, start));
        }
    }

    private AuditEntry Summary(DateTimeOffset now, string address, int count, DateTimeOffset since) =>
        new(now, null, null, address, method, "-", null, null, 0, AuditEntry.Denied,
            FormattableString.Invariant($"{count} more {what} since {since:yyyy-MM-ddTHH:mm:ssZ} (over the audit's per-window limit; counted, not written one by one)"));
}
