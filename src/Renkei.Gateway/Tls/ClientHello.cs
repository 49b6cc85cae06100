using System.Buffers;
using System.Buffers.Binary;

namespace Renkei.Gateway.Tls;

/// <summary>
/// What the audit needs from a TLS ClientHello (RFC 8446 4.1.2, RFC 5246 7.4.1.2): the highest protocol version
/// the client offered (the legacy version, or the <c>supported_versions</c> extension when present), the cipher
/// suites it offered and the server name it asked for (SNI). Read once per connection, from the bytes Kestrel
/// hands to <c>TlsClientHelloBytesCallback</c>; never on a request's path.
/// </summary>
internal sealed record ClientHello(ushort HighestVersion, IReadOnlyList<ushort> CipherSuites, string? ServerName)
{
    public const ushort Tls10 = 0x0301;
    public const ushort Tls11 = 0x0302;
    public const ushort Tls12 = 0x0303;
    public const ushort Tls13 = 0x0304;

    /// <summary>Parses a ClientHello (with or without its 5-byte record header); null when it is not one.</summary>
    public static ClientHello? TryParse(ReadOnlySequence<byte> bytes)
    {
        // A ClientHello is at most a few KiB; the audit reads only the first 16 KiB.
        var length = (int)Math.Min(bytes.Length, 16 * 1024);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            bytes.Slice(0, length).CopyTo(buffer);
            return TryParse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static ClientHello? TryParse(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 5 && data[0] == 0x16)
        {
            data = data[5..]; // record header: type, version, length
        }

        if (data.Length < 4 || data[0] != 0x01)
        {
            return null; // not a ClientHello handshake message
        }

        var body = data[4..];
        if (body.Length < 2 + 32 + 1)
        {
            return null;
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(body);
        var at = 2 + 32;
        at += 1 + body[at]; // session ID
        if (at + 2 > body.Length)
        {
            return null;
        }

        var suitesLength = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
        at += 2;
        if (at + suitesLength > body.Length || suitesLength % 2 != 0)
        {
            return null;
        }

        var suites = new ushort[suitesLength / 2];
        for (var i = 0; i < suites.Length; i++)
        {
            suites[i] = BinaryPrimitives.ReadUInt16BigEndian(body[(at + (2 * i))..]);
        }

        at += suitesLength;
        if (at >= body.Length)
        {
            return new ClientHello(version, suites, null);
        }

        at += 1 + body[at]; // compression methods
        if (at + 2 > body.Length)
        {
            return new ClientHello(version, suites, null);
        }

        var extensionsEnd = Math.Min(body.Length, at + 2 + BinaryPrimitives.ReadUInt16BigEndian(body[at..]));
        at += 2;
        string? serverName = null;
        var highest = version;
        while (at + 4 <= extensionsEnd)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(body[at..]);
            var size = BinaryPrimitives.ReadUInt16BigEndian(body[(at + 2)..]);
            at += 4;
            if (at + size > extensionsEnd)
            {
                break;
            }

            var extension = body.Slice(at, size);
            if (type == 0x0000)
            {
                serverName = ServerNameOf(extension);
            }
            else if (type == 0x002b && extension.Length >= 1)
            {
                // supported_versions (TLS 1.3): the highest listed replaces the legacy version; GREASE values skipped.
                highest = 0;
                for (var i = 1; i + 1 < extension.Length && i <= extension[0]; i += 2)
                {
                    var v = BinaryPrimitives.ReadUInt16BigEndian(extension[i..]);
                    if (v is >= 0x0300 and <= 0x03ff && v > highest)
                    {
                        highest = v;
                    }
                }
            }

            at += size;
        }

        return new ClientHello(highest, suites, serverName);
    }

    /// <summary>The version's name for the audit log.</summary>
    public static string VersionName(ushort version) => version switch
    {
        0x0300 => "SSL 3.0",
        Tls10 => "TLS 1.0",
        Tls11 => "TLS 1.1",
        Tls12 => "TLS 1.2",
        Tls13 => "TLS 1.3",
        _ => $"0x{version:x4}",
    };

    /// <summary>The host name of a server_name extension (RFC 6066 3), only if it is a plausible DNS name: the audit never copies other bytes.</summary>
    private static string? ServerNameOf(ReadOnlySpan<byte> extension)
    {
        if (extension.Length < 5 || extension[2] != 0x00)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(extension[3..]);
        if (length is 0 or > 253 || 5 + length > extension.Length)
        {
            return "(invalid)";
        }

        var name = extension.Slice(5, length);
        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_'))
            {
                return "(invalid)";
            }
        }

        return System.Text.Encoding.ASCII.GetString(name);
    }
}
