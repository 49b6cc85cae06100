using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Renkei.Gateway.Tests.Support;

/// <summary>
/// Bytes on a TLS connection to the gateway, exactly as written: for request targets an <see cref="Uri"/> would
/// normalise (dot segments), oversized and slow requests.
/// </summary>
public sealed class RawHttps : IAsyncDisposable
{
    private readonly TcpClient tcp;
    private readonly SslStream ssl;

    private RawHttps(TcpClient tcp, SslStream ssl)
    {
        this.tcp = tcp;
        this.ssl = ssl;
    }

    public static async Task<RawHttps> ConnectAsync(Uri gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Host, gateway.Port);
        var ssl = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync("localhost");
        return new RawHttps(tcp, ssl);
    }

    public async Task WriteAsync(string text)
    {
        await ssl.WriteAsync(Encoding.ASCII.GetBytes(text));
        await ssl.FlushAsync();
    }

    /// <summary>Reads until the server closes the connection or the head of a response has arrived; returns what came.</summary>
    public async Task<string> ReadResponseHeadAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[8192];
        var received = new StringBuilder();
        try
        {
            while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await ssl.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    break;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
        }
        catch (IOException)
        {
            // The server reset the connection.
        }

        return received.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await ssl.DisposeAsync();
        tcp.Dispose();
    }
}
