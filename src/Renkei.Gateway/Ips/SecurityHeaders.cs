using Microsoft.AspNetCore.Http;

namespace Renkei.Gateway.Ips;

/// <summary>HSTS and the usual security headers on every answer (an API answer is never framed, sniffed or cached).</summary>
internal static class SecurityHeaders
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var headers = context.Response.Headers;
        headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = OpenApi.GatewayReference.IsReferencePage(context)
            ? OpenApi.GatewayReference.ReferencePolicy
            : "default-src 'none'; frame-ancestors 'none'";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        // no-cache beside no-store: what antiforgery sets on the log-in form, so it has nothing to override (and warn about).
        headers.CacheControl = "no-cache, no-store";
        return next(context);
    }
}
