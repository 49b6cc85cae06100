using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Tests.Support;
using Renkei.Gateway.Tls;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Tests.Ips;

/// <summary>
/// TLS 1.2 or 1.3 only, with forward-secret AEAD suites; every failed handshake audited (Audit.TlsRefusals), a flood
/// of them summarised.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class TlsTests(InternalZone zone)
{
    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Handshake_Tls12Or13_NegotiatesAnAllowedSuite(SslProtocols protocol)
    {
        await using var ssl = await HandshakeAsync(protocol);

        Assert.Equal(protocol, ssl.SslProtocol);
        Assert.Contains(ssl.NegotiatedCipherSuite, TlsPolicy.Suites);
    }

    [Fact]
    public async Task PlainHttp_OnTheTlsPort_GetsNoHttpAnswerAndIsAudited()
    {
        var before = (await NotTlsAsync()).Count;

        var answer = await RawTls.SendAsync(zone.Shared.Url, Encoding.ASCII.GetBytes("GET /connect/token HTTP/1.1\r\nHost: localhost\r\n\r\n"));

        Assert.False(Encoding.ASCII.GetString(answer).StartsWith("HTTP/", StringComparison.Ordinal));
        var after = await NotTlsAsync();
        Assert.Equal(before + 1, after.Count);
        Assert.Equal(("127.0.0.1", "-", 0, AuditEntry.Denied), (after[^1].SourceAddress, after[^1].Path, after[^1].Status, after[^1].Outcome));
    }

    [Fact]
    public async Task Tls11ClientHello_IsRefusedWithAProtocolVersionAlert_AndAudited()
    {
        // TLS 1.1 with the suites a TLS 1.1 client offers (ECDHE with CBC, RSA with CBC).
        var answer = await RawTls.HelloAsync(zone.Shared.Url, RawTls.Tls11, [0xc013, 0xc014, 0x002f, 0x0035], "tls11.renkei.test");

        AssertFatalAlert(answer, 70); // protocol_version
        var entry = Assert.Single(await zone.Shared.AuditOfAsync("tls11.renkei.test"));
        Assert.Equal(
            ("127.0.0.1", TlsRefusals.Method, "tls11.renkei.test", 0, AuditEntry.Denied, "TLS handshake refused: the client offered TLS 1.1 at most; TLS 1.2 or 1.3 required"),
            (entry.SourceAddress, entry.Method, entry.Path, entry.Status, entry.Outcome, entry.Reason));
    }

    [Fact]
    public async Task Tls12ClientHello_WithOnlyUnsupportedSuites_IsRefusedWithAHandshakeFailureAlert_AndAudited()
    {
        // TLS 1.2 offering only RSA key exchange with CBC and 3DES: no forward secrecy, no AEAD.
        var answer = await RawTls.HelloAsync(zone.Shared.Url, RawTls.Tls12, [0x002f, 0x0035, 0x000a], "weak-suites.renkei.test");

        AssertFatalAlert(answer, 40); // handshake_failure
        var entry = Assert.Single(await zone.Shared.AuditOfAsync("weak-suites.renkei.test"));
        Assert.Equal(
            ("127.0.0.1", TlsRefusals.Method, 0, "TLS handshake refused: no cipher suite in common (the client offered 3, none ECDHE with AES-GCM or ChaCha20-Poly1305)"),
            (entry.SourceAddress, entry.Method, entry.Status, entry.Reason));
    }

    [Fact]
    public async Task Tls12Handshake_Successful_IsNotAuditedAsARefusal()
    {
        var before = (await zone.Shared.Audit.QueryAsync(new AuditQuery { Limit = 100_000 })).Count(e => e.Method == TlsRefusals.Method);
        await using (var ssl = await HandshakeAsync(SslProtocols.Tls12))
        {
            Assert.Equal(SslProtocols.Tls12, ssl.SslProtocol);
        }

        // The success is the marker's: a refusal written for this connection would be queued before the next request's line.
        using var client = zone.Shared.Client();
        using var _ = await client.GetAsync(new Uri("connect/token", UriKind.Relative));
        var after = (await zone.Shared.Audit.QueryAsync(new AuditQuery { Limit = 100_000 })).Count(e => e.Method == TlsRefusals.Method);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task FailedHandshakes_OverThePerAddressLimit_AreCountedAndSummarisedWhenTheWindowCloses()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await TestGateway.StartAsync(zone, clock, new GatewayLimits { TlsRefusalLinesPerAddress = 3, TlsRefusalWindow = TimeSpan.FromMinutes(1) });

        for (var i = 0; i < 8; i++)
        {
            AssertFatalAlert(await RawTls.HelloAsync(gateway.Url, RawTls.Tls11, [0x002f], "flood.renkei.test"), 70);
        }

        var during = (await gateway.Audit.QueryAsync(new AuditQuery { Limit = 1000 })).Where(e => e.Method == TlsRefusals.Method).ToList();
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = (await gateway.Audit.QueryAsync(new AuditQuery { Limit = 1000 })).Where(e => e.Method == TlsRefusals.Method).ToList();

        Assert.Equal(3, during.Count);
        Assert.All(during, e => Assert.Equal("flood.renkei.test", e.Path));
        Assert.Equal(4, after.Count);
        Assert.Equal("127.0.0.1", after[3].SourceAddress);
        Assert.StartsWith("5 more failed TLS handshakes since ", after[3].Reason, StringComparison.Ordinal);
    }

    /// <summary>The server's answer is one fatal alert record (RFC 8446 6; the same shape in TLS 1.2) and then the close.</summary>
    private static void AssertFatalAlert(byte[] answer, byte description)
    {
        Assert.Equal(7, answer.Length);
        Assert.Equal(0x15, answer[0]); // alert record
        Assert.Equal(0x03, answer[1]);
        Assert.Equal(new byte[] { 0x00, 0x02, 0x02, description }, answer[3..]);
    }

    private async Task<List<AuditEntry>> NotTlsAsync() =>
        [.. (await zone.Shared.Audit.QueryAsync(new AuditQuery { Limit = 100_000 }))
            .Where(e => e.Method == TlsRefusals.Method && e.Reason!.StartsWith("no TLS ClientHello", StringComparison.Ordinal))];

    private async Task<SslStream> HandshakeAsync(SslProtocols protocol)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(zone.Shared.Url.Host, zone.Shared.Url.Port);
        var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = protocol });
        return ssl;
    }
}
