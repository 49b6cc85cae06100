using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Renkei.Gateway.Webhooks;

/// <summary>
/// The SSRF guard for webhook targets. At registration a URL must be absolute <c>https</c>, without user info or
/// fragment, at most 2,048 characters, and not name <c>localhost</c> or a non-public address literally. At delivery
/// the host is resolved again and the connection is made only to a public address (so a name that later resolves
/// to an internal address — DNS rebinding — is refused at connect time), redirects are not followed, and the TLS
/// certificate must validate. <see cref="WebhookOptions.AllowPrivateTargets"/> lifts the address checks (tests).
/// </summary>
internal static class WebhookTarget
{
    public const int MaxUrlLength = 2048;

    /// <summary>Checks a URL a retailer registers; <paramref name="error"/> says why it is refused.</summary>
    public static bool TryValidate(string? url, bool allowPrivate, out Uri? target, out string? error)
    {
        target = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "url is required";
            return false;
        }

        if (url.Length > MaxUrlLength)
        {
            error = $"url must be at most {MaxUrlLength} characters";
            return false;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.HostNameType == UriHostNameType.Unknown)
        {
            error = "url must be an absolute URL";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            error = "url must use https";
            return false;
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            error = "url must not carry user info or a fragment";
            return false;
        }

        if (!allowPrivate)
        {
            var host = uri.IdnHost.TrimEnd('.');
            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host.Trim('[', ']'), out var literal) && !IsPublic(literal)))
            {
                error = "url must not point at a loopback, private, link-local or otherwise non-public address";
                return false;
            }
        }

        target = uri;
        error = null;
        return true;
    }

    /// <summary>Whether an address may be a webhook target without <see cref="WebhookOptions.AllowPrivateTargets"/>.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return !(b[0] == 0                                   // this network
                || b[0] == 10                                    // private
                || (b[0] == 100 && (b[1] & 0xC0) == 64)          // shared address space (CGNAT)
                || b[0] == 127                                   // loopback
                || (b[0] == 169 && b[1] == 254)                  // link-local (cloud metadata lives here)
                || (b[0] == 172 && (b[1] & 0xF0) == 16)          // private
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
                || (b[0] == 192 && b[1] == 168)                  // private
                || (b[0] == 198 && (b[1] & 0xFE) == 18)          // benchmarking
                || b[0] >= 224);                                 // multicast, reserved, broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            return !(address.Equals(IPAddress.IPv6None)
                || address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC                         // unique local fc00::/7
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) // documentation
                || (b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0)); // ::/64 incl. :: and v4-compatible
        }

        return false;
    }

    /// <summary>The handler every delivery goes through: public addresses only (unless allowed), no redirects, no proxy.</summary>
    public static SocketsHttpHandler CreateHandler(WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var allowPrivate = options.AllowPrivateTargets;
        var trusted = options.TrustedTargetCertificates.Select(c => c.GetCertHashString()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None
                    || (certificate is not null && trusted.Contains(certificate.GetCertHashString())),
            },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal)
                    ? [literal]
                    : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
                var allowed = allowPrivate ? addresses : Array.FindAll(addresses, IsPublic);
                if (allowed.Length == 0)
                {
                    throw new HttpRequestException($"{host} resolves to no public address");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}
