using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Renkei.Gateway.Tls;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Audit;

/// <summary>
/// Audits failed TLS handshakes, which never become HTTP requests and so are invisible to every other audit step:
/// a client offering only TLS 1.0/1.1 (or SSL), no cipher suite in common with <see cref="TlsPolicy"/>, bytes that
/// are not a TLS ClientHello (plain HTTP on the TLS port, a port scan), a handshake the client abandons (it did not
/// accept the server's certificate, it timed out). One line each: when, the source address, the SNI the client asked
/// for (as <c>path</c>, only if it is a plausible host name), method <c>TLS</c>, status 0 (no HTTP answer exists)
/// and the reason. Kestrel hands the ClientHello's bytes to <see cref="OnClientHello"/> before its TLS library sees
/// them: a hello that cannot succeed under the policy is audited there, before the refusal leaves; any other
/// connection that never completes its handshake is audited when Kestrel gives it up (<see cref="Middleware"/>, an
/// outer connection middleware; <see cref="Handshaken"/>, an inner one, marks the success). Per connection, never
/// per request.
/// <para>
/// A flood cannot fill the disk: at most <see cref="PerAddressLines"/> lines per source address and
/// <see cref="TotalLines"/> in all are written per <see cref="Window"/>; the rest are counted, and when the window
/// closes one summary line per address (at most <see cref="TotalLines"/>, then one for all remaining addresses)
/// says how many were not written one by one.
/// </para>
/// </summary>
public sealed class TlsRefusals : IDisposable
{
    public const string Method = "TLS";
    private const int MaxTrackedAddresses = 10_000;
    private const string OtherAddresses = "(other addresses)";
    private static readonly object Key = new();

    private readonly AuditLog log;
    private readonly TimeProvider clock;
    private readonly object gate = new();
    private readonly Dictionary<string, Count> counts = new(StringComparer.Ordinal);
    private readonly ITimer timer;
    private DateTimeOffset windowStart;
    private int written;

    public TlsRefusals(AuditLog log, TimeProvider clock, int perAddressLines, int totalLines, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perAddressLines);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalLines);
        this.log = log;
        this.clock = clock;
        PerAddressLines = perAddressLines;
        TotalLines = totalLines;
        Window = window;
        windowStart = clock.GetUtcNow();
        timer = clock.CreateTimer(static s => ((TlsRefusals)s!).CloseWindow(), this, window, window);
    }

    public int PerAddressLines { get; }

    public int TotalLines { get; }

    public TimeSpan Window { get; }

    /// <summary>The outer connection middleware (added before <c>UseHttps</c>): audits a connection whose handshake never completed.</summary>
    public Func<ConnectionDelegate, ConnectionDelegate> Middleware => next => async connection =>
    {
        var attempt = new Attempt();
        connection.Items[Key] = attempt;
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            if (!attempt.Handshaken && !attempt.Audited)
            {
                attempt.Audited = true;
                Refused(connection, attempt.Hello, attempt.Hello is null
                    ? "no TLS ClientHello (not TLS, or the connection closed first)"
                    : "TLS handshake not completed (the client gave up, e.g. it did not accept the server certificate, or timed out)");
            }
        }
    };

    /// <summary>The inner connection middleware (added after <c>UseHttps</c>): runs only once a handshake succeeded.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Handshaken => static next => connection =>
    {
        if (connection.Items.TryGetValue(Key, out var value) && value is Attempt attempt)
        {
            attempt.Handshaken = true;
        }

        return next(connection);
    };

    /// <summary>Kestrel's <c>TlsClientHelloBytesCallback</c>: a hello that the policy must refuse is audited now.</summary>
    public void OnClientHello(ConnectionContext connection, ReadOnlySequence<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!connection.Items.TryGetValue(Key, out var value) || value is not Attempt attempt)
        {
            return;
        }

        var hello = ClientHello.TryParse(bytes);
        attempt.Hello = hello;
        if (hello is null)
        {
            return;
        }

        string? reason = null;
        if (hello.HighestVersion < ClientHello.Tls12)
        {
            reason = $"TLS handshake refused: the client offered {ClientHello.VersionName(hello.HighestVersion)} at most; TLS 1.2 or 1.3 required";
        }
        else if (!SharesASuite(hello))
        {
            reason = $"TLS handshake refused: no cipher suite in common (the client offered {hello.CipherSuites.Count}, none ECDHE with AES-GCM or ChaCha20-Poly1305)";
        }

        if (reason is not null)
        {
            attempt.Audited = true;
            Refused(connection, hello, reason);
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        CloseWindow();
    }

    private static bool SharesASuite(ClientHello hello)
    {
        foreach (var suite in hello.CipherSuites)
        {
            if (Array.IndexOf(TlsPolicy.Suites, (System.Net.Security.TlsCipherSuite)suite) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private void Refused(ConnectionContext connection, ClientHello? hello, string reason)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "-";
        lock (gate)
        {
            if (!counts.TryGetValue(address, out var count))
            {
                if (counts.Count >= MaxTrackedAddresses)
                {
                    address = OtherAddresses;
                    count = counts.GetValueOrDefault(address) ?? new Count();
                }
                else
                {
                    count = new Count();
                }

                counts[address] = count;
            }

            if (count.Written >= PerAddressLines || written >= TotalLines || address == OtherAddresses)
            {
                count.Suppressed++;
                return;
            }

            count.Written++;
            written++;
        }

        log.Append(new AuditEntry(clock.GetUtcNow(), null, null, address, Method, hello?.ServerName ?? "-", null, null, 0, AuditEntry.Denied, reason));
    }

    /// <summary>Writes the window's summaries (how many refusals were not written one by one) and starts a new window.</summary>
    private void CloseWindow()
    {
        List<(string Address, int Suppressed)> summaries = [];
        DateTimeOffset start;
        lock (gate)
        {
            start = windowStart;
            windowStart = clock.GetUtcNow();
            written = 0;
            foreach (var (address, count) in counts)
            {
                if (count.Suppressed > 0)
                {
                    summaries.Add((address, count.Suppressed));
                }
            }

            counts.Clear();
        }

        var now = clock.GetUtcNow();
        var rest = 0;
        var restAddresses = 0;
        for (var i = 0; i < summaries.Count; i++)
        {
            if (i >= TotalLines)
            {
                rest += summaries[i].Suppressed;
                restAddresses++;
                continue;
            }

            log.Append(Summary(now, summaries[i].Address, summaries[i].Suppressed, start));
        }

        if (rest > 0)
        {
            log.Append(Summary(now, $"({restAddresses} more addresses)", rest, start));
        }
    }

    private static AuditEntry Summary(DateTimeOffset now, string address, int suppressed, DateTimeOffset since) =>
        new(now, null, null, address, Method, "-", null, null, 0, AuditEntry.Denied,
            FormattableString.Invariant($"{suppressed} more failed TLS handshakes since {since:yyyy-MM-ddTHH:mm:ssZ} (over the audit's per-window limit; counted, not written one by one)"));

    private sealed class Attempt
    {
        public ClientHello? Hello { get; set; }

        public bool Handshaken { get; set; }

        public bool Audited { get; set; }
    }

    private sealed class Count
    {
        public int Written { get; set; }

        public int Suppressed { get; set; }
    }
}
