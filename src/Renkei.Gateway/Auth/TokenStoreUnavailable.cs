using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Npgsql;
using Renkei.Gateway.Audit;

namespace Renkei.Gateway.Auth;

/// <summary>
/// The token and revocation endpoints when the gateway's store (<c>gateway.db</c>) cannot be written (a full or
/// failing disk): OpenIddict's sign-in stores the token's entry, and that write fails. Instead of an unhandled 500
/// the client gets <c>503</c> problem details with <c>Retry-After</c> and the OAuth error
/// <c>temporarily_unavailable</c> (RFC 6749 §4.1.2.1: a condition the client may retry), and nothing was issued.
/// </summary>
internal static class TokenStoreUnavailable
{
    /// <summary>Seconds a client waits before asking again.</summary>
    public const string RetryAfterSeconds = "5";

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/connect", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreUnwritable(e) && !context.Response.HasStarted)
        {
            AuditFacts.Of(context).Reason = "token store not writable";
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsJsonAsync(
                new
                {
                    type = "about:blank",
                    title = "Service Unavailable",
                    status = 503,
                    detail = "The gateway cannot write its token store; no token was issued. Retry later.",
                    error = "temporarily_unavailable",
                    error_description = "the token store cannot be written; retry later",
                },
                options: null,
                contentType: "application/problem+json").ConfigureAwait(false);
        }
    }

    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;

    /// <summary>
    /// A write the store refused, however wrapped (EF Core, OpenIddict): SQLite's "database or disk is full" or its
    /// disk I/O error; on PostgreSQL, a server out of resources (SQLSTATE class 53, e.g. disk full) or one that cannot
    /// be reached now.
    /// </summary>
    internal static bool IsStoreUnwritable(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SqliteException { SqliteErrorCode: SqliteFull or SqliteIoError }
                || inner is PostgresException postgres && postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                || inner is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }
}
