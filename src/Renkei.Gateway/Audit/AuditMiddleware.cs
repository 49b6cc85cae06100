using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Auth;

namespace Renkei.Gateway.Audit;

/// <summary>Outermost step: every request that reaches the application gets one audit entry with its answer.</summary>
public static class AuditMiddleware
{
    private const int MaxPathLength = 512;

    public static async Task InvokeAsync(HttpContext context, Func<Task> next, AuditLog log, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(log);
        var at = clock.GetUtcNow();
        var facts = AuditFacts.Of(context);
        int? failed = null;
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            // Kestrel's limits that bite while the application reads the body (size, minimum data rate).
            failed = e.StatusCode;
            facts.Reason ??= e.StatusCode == 413 ? "request body too large" : "request body too slow or malformed";
            throw;
        }
        catch (Exception)
        {
            failed = context.RequestAborted.IsCancellationRequested ? 499 : 500;
            facts.Reason ??= failed == 499 ? "client went away" : "server error";
            throw;
        }
        finally
        {
            var status = failed ?? context.Response.StatusCode;
            var user = context.User;
            var client = user.Identity?.IsAuthenticated == true ? user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value : null;
            var path = context.Request.Path.Value + context.Request.QueryString.Value;
            log.Append(new AuditEntry(
                at,
                client ?? facts.ClientId,
                user.Identity?.IsAuthenticated == true ? user.FindFirst(RenkeiClaims.RetailerCode)?.Value : null,
                context.Connection.RemoteIpAddress?.ToString() ?? "-",
                context.Request.Method,
                path.Length > MaxPathLength ? path[..MaxPathLength] : path,
                facts.SupplyPoint,
                facts.Date,
                status,
                status < 400 ? AuditEntry.Allowed : AuditEntry.Denied,
                facts.Reason ?? (status < 400 ? null : Reasons.For(status, context.Response.Headers.WWWAuthenticate.ToString()))));
        }
    }

    private static class Reasons
    {
        public static string For(int status, string challenge)
        {
            // A refused token: the validation's own reason, as it told the client (error_description="...").
            const string Marker = "error_description=\"";
            var at = challenge.IndexOf(Marker, StringComparison.Ordinal);
            if (status == 401 && at >= 0)
            {
                var start = at + Marker.Length;
                var end = challenge.IndexOf('"', start);
                return end > start ? challenge[start..end] : "not authenticated";
            }

            return Default(status);
        }

        private static string Default(int status) => status switch
        {
            401 => "not authenticated",
            403 => "forbidden",
            404 => "not found",
            413 => "request too large",
            429 => "rate limited",
            _ => "refused",
        };
    }
}
