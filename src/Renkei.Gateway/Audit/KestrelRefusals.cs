using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Audit;

/// <summary>
/// Audits the requests Kestrel refuses itself, before any application code runs: a request line or headers over
/// the limits (414, 431), too many headers (431), headers that never finish (408), malformed requests (400).
/// Kestrel reports each such refusal on the host's <see cref="DiagnosticListener"/> as
/// <c>Microsoft.AspNetCore.Server.Kestrel.BadRequest</c>, with the connection's features (remote address, what
/// was parsed of the request line) and the exception in <see cref="IBadRequestExceptionFeature"/>, before it writes
/// the error answer; this observer appends one audit entry for it. Refusals while the application reads a body
/// (size, minimum data rate) are audited by <see cref="AuditMiddleware"/>, which owns that request: they are skipped
/// here so each request has exactly one entry.
/// </summary>
internal sealed class KestrelRefusals : IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public const string EventName = "Microsoft.AspNetCore.Server.Kestrel.BadRequest";
    private const int MaxPathLength = 512;

    private static readonly Predicate<string> OnlyBadRequests = static name => string.Equals(name, EventName, StringComparison.Ordinal);

    private readonly AuditLog log;
    private readonly TimeProvider clock;
    private readonly IDisposable subscription;

    private KestrelRefusals(DiagnosticListener listener, AuditLog log, TimeProvider clock)
    {
        this.log = log;
        this.clock = clock;
        subscription = listener.Subscribe(this, OnlyBadRequests);
    }

    /// <summary>Starts auditing the refusals reported on <paramref name="listener"/> (the host's "Microsoft.AspNetCore" listener).</summary>
    public static KestrelRefusals Subscribe(DiagnosticListener listener, AuditLog log, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(clock);
        return new KestrelRefusals(listener, log, clock);
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (!string.Equals(value.Key, EventName, StringComparison.Ordinal) || value.Value is not IFeatureCollection features)
        {
            return;
        }

        // A request that reached the application is audited there: it failed in the audit step's sight (which
        // leaves its facts on the request), or its answer has already started (the audit step wrote its line then).
        if (features.Get<IHttpResponseFeature>()?.HasStarted == true
            || AuditFacts.Noted(features))
        {
            return;
        }

        var error = features.Get<IBadRequestExceptionFeature>()?.Error;
        var status = error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
        var request = features.Get<IHttpRequestFeature>();
        var path = SafePath(request);
        log.Append(new AuditEntry(
            clock.GetUtcNow(),
            null,
            null,
            features.Get<IHttpConnectionFeature>()?.RemoteIpAddress?.ToString() ?? "-",
            request?.Method is { Length: > 0 and <= 16 } method ? method : "-",
            path,
            null,
            null,
            status,
            AuditEntry.Denied,
            Reason(status)));
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }

    public void Dispose() => subscription.Dispose();

    /// <summary>The reason in the audit log: from the status Kestrel answers, not from the attacker's bytes.</summary>
    internal static string Reason(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => "request headers too slow (refused by the server)",
        StatusCodes.Status413PayloadTooLarge => "request body too large (refused by the server)",
        StatusCodes.Status414UriTooLong => "request line too long (refused by the server)",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "request headers too large or too many (refused by the server)",
        StatusCodes.Status405MethodNotAllowed => "method not allowed (refused by the server)",
        _ => "malformed request (refused by the server)",
    };

    private static string SafePath(IHttpRequestFeature? request)
    {
        // What Kestrel had parsed when it gave up: nothing if the request line itself was refused.
        var path = request is null ? string.Empty : (request.Path ?? string.Empty) + (request.QueryString ?? string.Empty);
        if (path.Length == 0)
        {
            return "-";
        }

        return path.Length > MaxPathLength ? path[..MaxPathLength] : path;
    }
}
