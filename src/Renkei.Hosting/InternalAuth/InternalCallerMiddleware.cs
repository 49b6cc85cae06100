using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Hosting.Audit;

namespace Renkei.Hosting.InternalAuth;

/// <summary>
/// First middleware of every internal service: a request without a valid proof of a trusted caller is refused
/// with 401, and a trusted caller asking for something outside its allowed routes with 403, before any
/// endpoint runs. Being on loopback is not enough. A call that reaches an internal service without going through
/// the gateway never passes the gateway's audit log, so the service records every refusal itself: a warning (event
/// <see cref="RefusedEventId"/>) and, when the node has one (<see cref="AddInternalCallerTrust(IServiceCollection, InternalCallerTrust, string, TimeProvider?, RefusalAuditLimits?)"/>),
/// an entry in its own hash-chained audit log (<see cref="RefusalAudit"/>: time, source address, method, path with
/// query, status, reason, and for a 403 the verified caller's name; never the proof itself), on disk before the
/// answer leaves. A flood is capped per source address (the rest counted in one summary line per window).
/// Accepted calls are not written there: the gateway's log holds every data access it forwards, and a line per
/// accepted call would cost the hot path an fsync'd write.
/// </summary>
public static partial class InternalCallerMiddleware
{
    /// <summary>The event ID of the warning logged for each refused internal call.</summary>
    public const int RefusedEventId = 4010;

    /// <summary>The verified caller's name, in <see cref="HttpContext.Items"/>.</summary>
    public const string CallerItem = "renkei.internal-caller";

    /// <summary>The longest path (with its query) written to the audit log; the rest is cut off.</summary>
    public const int MaxPathLength = 512;

    private const int MaxMethodLength = 32;
    private const int MaxReasonLength = 256;

    /// <summary>Registers the verifier for <paramref name="trust"/>. Proof lifetimes are wall-clock time (<paramref name="clock"/>, default the system clock), never a simulated clock.</summary>
    public static IServiceCollection AddInternalCallerTrust(this IServiceCollection services, InternalCallerTrust trust, TimeProvider? clock = null)
    {
        services.AddSingleton(new InternalCallerVerifier(trust, clock ?? TimeProvider.System));
        return services;
    }

    /// <summary>
    /// Registers the verifier for <paramref name="trust"/> and the node's audit of refused calls, a hash-chained
    /// <see cref="AuditLog"/> in <paramref name="auditDirectory"/> (by convention <c>&lt;node data&gt;/audit</c>,
    /// see <see cref="AuditDirectory"/>), capped by <paramref name="limits"/> (default: 10 lines per source
    /// address and 100 in all per minute).
    /// </summary>
    public static IServiceCollection AddInternalCallerTrust(this IServiceCollection services, InternalCallerTrust trust, string auditDirectory, TimeProvider? clock = null, RefusalAuditLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(auditDirectory);
        services.AddInternalCallerTrust(trust, clock);

        // A factory, not an instance: the container then disposes it with the host (the open window's summary is
        // written and the file closed).
        services.AddSingleton(_ => new RefusalAudit(new AuditLog(auditDirectory), clock ?? TimeProvider.System, limits ?? new RefusalAuditLimits(), "-", "refused internal calls"));
        return services;
    }

    /// <summary>The folder of a node's audit log of refused internal calls: <c>&lt;node data&gt;/audit</c>.</summary>
    public static string AuditDirectory(string nodeDataDirectory) => Path.Combine(nodeDataDirectory, "audit");

    public static IApplicationBuilder UseInternalCallerProof(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var verifier = app.ApplicationServices.GetRequiredService<InternalCallerVerifier>();
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InternalCallerMiddleware).FullName!);
        var audit = app.ApplicationServices.GetService<RefusalAudit>();
        return app.Use((context, next) => InvokeAsync(context, next, verifier, log, audit));
    }

    internal static Task InvokeAsync(HttpContext context, Func<Task> next, InternalCallerVerifier verifier, ILogger log, RefusalAudit? audit)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        foreach (var open in verifier.Trust.OpenPaths)
        {
            if (string.Equals(open, path, StringComparison.Ordinal))
            {
                return next();
            }
        }

        var caller = verifier.Verify(context.Request.Headers[InternalHeaders.Caller].ToString(), out var reason);
        if (caller is null)
        {
            return RefuseAsync(context, StatusCodes.Status401Unauthorized, reason, null, log, audit);
        }

        if (!caller.MayCall(context.Request.Method, path))
        {
            return RefuseAsync(context, StatusCodes.Status403Forbidden, $"internal caller '{caller.Name}' may not call {context.Request.Method} {path}", caller.Name, log, audit);
        }

        context.Items[CallerItem] = caller.Name;
        return next();
    }

    private static async Task RefuseAsync(HttpContext context, int status, string detail, string? caller, ILogger log, RefusalAudit? audit)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "-";
        Refused(log, address, context.Request.Method, context.Request.Path.Value ?? string.Empty, status, detail);
        if (audit is not null)
        {
            var target = context.Request.Path.Value + context.Request.QueryString.Value;
            var entry = new AuditEntry(
                audit.Now, caller, null, address, Truncate(context.Request.Method, MaxMethodLength), Truncate(target, MaxPathLength),
                null, null, status, AuditEntry.Denied, Truncate(detail, MaxReasonLength));

            // On disk before the caller sees the answer (a refusal path only; a capped one is counted, not written).
            if (audit.Append(entry))
            {
                await audit.Log.FlushAsync().ConfigureAwait(false);
            }
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(
            new { type = "about:blank", title = "Internal API: caller not accepted", status, detail },
            options: null,
            contentType: "application/problem+json",
            cancellationToken: context.RequestAborted).ConfigureAwait(false);
    }

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;

    [LoggerMessage(EventId = RefusedEventId, Level = LogLevel.Warning, Message = "Internal call refused: {SourceAddress} {Method} {Path} answered {Status}: {Reason}")]
    private static partial void Refused(ILogger logger, string sourceAddress, string method, string path, int status, string reason);
}
