using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Renkei.Metering;

/// <summary>
/// Where a started metering node listens: the internal API over HTTP/1.1 (every caller: the HES feed, tools, the
/// switching hub, an nginx in front) and, when <see cref="MeteringHostOptions.Http2Port"/> is set, the same API over
/// cleartext HTTP/2 for the gateway. Known once the host has started (a port of 0 is bound to a free one then).
/// </summary>
public sealed class MeteringListeners
{
    internal ListenOptions? Http1 { get; set; }

    internal ListenOptions? Http2 { get; set; }

    /// <summary>The HTTP/1.1 base URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url => UrlOf(Http1) ?? throw new InvalidOperationException("the metering node has not started");

    /// <summary>The HTTP/2 base URL, or null when the node opens no HTTP/2 port.</summary>
    public Uri? Http2Url => Http2 is null ? null : UrlOf(Http2) ?? throw new InvalidOperationException("the metering node has not started");

    /// <summary>The listeners of a metering node built by <see cref="MeteringHost.Build"/>.</summary>
    public static MeteringListeners Of(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<MeteringListeners>();
    }

    // Kestrel writes the bound endpoint back into the listen options when it binds (port 0 becomes the real port).
    private static Uri? UrlOf(ListenOptions? listen) =>
        listen?.IPEndPoint is { Port: > 0 } bound ? new Uri($"http://{bound}/") : null;
}
