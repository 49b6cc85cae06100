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
/// A flood cannot fill the disk: the lines go through a <see cref="RefusalAudit"/> (at most
/// <c>TlsRefusalLinesPerAddress</c> lines per source address and <c>TlsRefusalLines</c> in all per
/// <c>TlsRefusalWindow</c>; the rest counted in one summary line per address when the window closes), the same
/// rule as the internal nodes' refused calls.
/// </para>
/// </summary>
internal sealed class TlsRefusals : IAsyncDisposable
{
    public const string Method = "TLS";
    private static readonly object Key = new();

    private readonly RefusalAudit audit;

    /// <param name="log">The gateway's audit log (shared: not closed by this).</param>
    /// <param name="clock">The clock of the entries and of the window.</param>
    /// <param name="limits">The per-window caps (<c>GatewayLimits.TlsRefusal*</c>).</param>
    public TlsRefusals(AuditLog log, TimeProvider clock, RefusalAuditLimits limits) =>
        audit = new RefusalAudit(log, clock, limits, Method, "failed TLS handshakes", ownsLog: false);

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

    /// <summary>Writes the open window's summaries; the log stays open.</summary>
    public ValueTask DisposeAsync() => audit.DisposeAsync();

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
        audit.Append(new AuditEntry(audit.Now, null, null, address, Method, hello?.ServerName ?? "-", null, null, 0, AuditEntry.Denied, reason));
    }

    private sealed class Attempt
    {
        public ClientHello? Hello { get; set; }

        public bool Handshaken { get; set; }

        public bool Audited { get; set; }
    }
}
