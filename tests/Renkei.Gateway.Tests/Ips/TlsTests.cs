using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Renkei.Gateway.Tls;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Ips;

/// <summary>TLS 1.2 or 1.3 only, with forward-secret AEAD suites.</summary>
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
    public async Task PlainHttp_OnTheTlsPort_GetsNoHttpAnswer()
    {
        using var http = new HttpClient();
        var url = new UriBuilder(zone.Shared.Url) { Scheme = "http" }.Uri;

        var error = await Record.ExceptionAsync(() => http.GetAsync(new Uri(url, "connect/token")));

        Assert.IsType<HttpRequestException>(error);
    }

    private async Task<SslStream> HandshakeAsync(SslProtocols protocol)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(zone.Shared.Url.Host, zone.Shared.Url.Port);
        var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = protocol });
        return ssl;
    }
}
