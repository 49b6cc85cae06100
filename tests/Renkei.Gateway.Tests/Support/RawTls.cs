using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Renkei.Gateway.Tests.Support;

/// <summary>
/// A TLS client hand-written at the byte level: one ClientHello with the given version and cipher suites, sent on a
/// plain socket, and the server's whole answer read until it closes: the exact bytes an old or misconfigured client
/// sends, with no external binary and no dependence on what the local TLS library is configured to allow
/// (<c>openssl s_client -tls1_1</c> sends the same kind of hello, legacy version 0x0302, on this machine).
/// </summary>
public static class RawTls
{
    public const ushort Tls11 = 0x0302;
    public const ushort Tls12 = 0x0303;

    /// <summary>Sends the ClientHello and returns every byte the server answered before it closed the connection.</summary>
    public static async Task<byte[]> HelloAsync(Uri server, ushort version, ushort[] suites, string serverName)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(ClientHello(version, suites, serverName));
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer);
        return answer.ToArray();
    }

    /// <summary>Sends <paramref name="bytes"/> (not TLS) and returns the server's answer until it closes.</summary>
    public static async Task<byte[]> SendAsync(Uri server, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(bytes);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer);
        return answer.ToArray();
    }

    public static byte[] ClientHello(ushort version, ushort[] suites, string serverName)
    {
        ArgumentNullException.ThrowIfNull(suites);
        var name = Encoding.ASCII.GetBytes(serverName);
        var extensions = new List<byte>();

        // server_name
        Extension(extensions, 0x0000, [.. U16(name.Length + 3), 0x00, .. U16(name.Length), .. name]);

        // supported_groups: x25519, secp256r1; ec_point_formats: uncompressed
        Extension(extensions, 0x000a, [.. U16(4), 0x00, 0x1d, 0x00, 0x17]);
        Extension(extensions, 0x000b, [0x01, 0x00]);

        // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256, rsa_pkcs1_sha1
        Extension(extensions, 0x000d, [.. U16(8), 0x04, 0x03, 0x08, 0x04, 0x04, 0x01, 0x02, 0x01]);

        var body = new List<byte>();
        body.AddRange(U16(version));
        body.AddRange(new byte[32]); // random (zeros: the handshake is refused before it matters)
        body.Add(0x00); // no session ID
        body.AddRange(U16(suites.Length * 2));
        foreach (var suite in suites)
        {
            body.AddRange(U16(suite));
        }

        body.Add(0x01);
        body.Add(0x00); // compression: null
        body.AddRange(U16(extensions.Count));
        body.AddRange(extensions);

        var handshake = new List<byte> { 0x01, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        var record = new List<byte> { 0x16, 0x03, 0x01 };
        record.AddRange(U16(handshake.Count));
        record.AddRange(handshake);
        return [.. record];
    }

    private static void Extension(List<byte> to, ushort type, byte[] data)
    {
        to.AddRange(U16(type));
        to.AddRange(U16(data.Length));
        to.AddRange(data);
    }

    private static byte[] U16(int value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value);
        return b;
    }
}
