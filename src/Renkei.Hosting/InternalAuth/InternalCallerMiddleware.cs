using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Renkei.Hosting.InternalAuth;

/// <summary>
/// First middleware of every internal service: a request without a valid proof of a trusted caller is refused
/// with 401, and a trusted caller asking for something outside its allowed routes with 403, before any
/// endpoint runs. Being on loopback is not enough. Every refusal is logged as a warning (event
/// <see cref="RefusedEventId"/>: source address, method, path, status, reason; never the proof itself): a call that
/// reaches an internal service without going through the gateway never passes the gateway's audit log, so the
/// service's own log is where the attempt is recorded.
/// </summary>
public static partial class InternalCallerMiddleware
{
    /// <summary>The event ID of the warning logged for each refused internal call.</summary>
    public const int RefusedEventId = 4010;

    /// <summary>The verified caller's name, in <see cref="HttpContext.Items"/>.</summary>
    public const string CallerItem = "renkei.internal-caller";

    /// <summary>Registers the verifier for <paramref name="trust"/>. Proof lifetimes are wall-clock time (<paramref name="clock"/>, default the system clock), never a simulated clock.</summary>
    public static IServiceCollection AddInternalCallerTrust(this IServiceCollection services, InternalCallerTrust trust, TimeProvider? clock = null)
    {
        services.AddSingleton(new InternalCallerVerifier(trust, clock ?? TimeProvider.System));
        return services;
    }

    public static IApplicationBuilder UseInternalCallerProof(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var verifier = app.ApplicationServices.GetRequiredService<InternalCallerVerifier>();
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InternalCallerMiddleware).FullName!);
        return app.Use((context, next) => InvokeAsync(context, next, verifier, log));
    }

    internal static Task InvokeAsync(HttpContext context, Func<Task> next, InternalCallerVerifier verifier, ILogger log)
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
            return Refuse(context, StatusCodes.Status401Unauthorized, reason, log);
        }

        if (!caller.MayCall(context.Request.Method, path))
        {
            return Refuse(context, StatusCodes.Status403Forbidden, $"internal caller '{caller.Name}' may not call {context.Request.Method} {path}", log);
        }

        context.Items[CallerItem] = caller.Name;
        return next();
    }

    private static Task Refuse(HttpContext context, int status, string detail, ILogger log)
    {
        Refused(log, context.Connection.RemoteIpAddress?.ToString() ?? "-", context.Request.Method, context.Request.Path.Value ?? string.Empty, status, detail);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new { type = "about:blank", title = "Internal API: caller not accepted", status, detail },
            options: null,
            contentType: "application/problem+json",
            cancellationToken: context.RequestAborted);
    }

    [LoggerMessage(EventId = RefusedEventId, Level = LogLevel.Warning, Message = "Internal call refused: {SourceAddress} {Method} {Path} answered {Status}: {Reason}")]
    private static partial void Refused(ILogger logger, string sourceAddress, string method, string path, int status, string reason);
}
