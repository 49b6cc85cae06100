using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Http;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.AspNetCore.OpenIddictValidationAspNetCoreHandlers;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace Renkei.Gateway.Auth;

/// <summary>
/// A refused bearer token answers RFC 6750's <c>WWW-Authenticate: Bearer error="…", error_description="…"</c> and,
/// in the body, RFC 9457 problem details saying the same (OpenIddict's validation writes only the header): what the
/// OpenAPI document promises for every <c>401</c> and <c>403</c>. A request without any token gets the bare
/// <c>Bearer</c> challenge (RFC 6750 3.1: no error code when no credentials were sent) and a problem naming the
/// missing token.
/// </summary>
internal static class BearerChallenge
{
    /// <summary>OpenIddict's validation challenge and error responses: the body is written after its header, before it ends the request.</summary>
    public static IEnumerable<OpenIddictValidationHandlerDescriptor> Descriptors { get; } =
    [
        Descriptor<ProcessChallengeContext>(AttachWwwAuthenticateHeader<ProcessChallengeContext>.Descriptor.Order),
        Descriptor<ProcessErrorContext>(AttachWwwAuthenticateHeader<ProcessErrorContext>.Descriptor.Order),
    ];

    /// <summary>A refusal of the gateway's own (revoked token, certificate binding): header and problem body.</summary>
    public static Task RefuseAsync(HttpContext context, string error, string description)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"{error}\", error_description=\"{description.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
        return WriteProblemAsync(context.Response, StatusCodes.Status401Unauthorized, error, description);
    }

    private static OpenIddictValidationHandlerDescriptor Descriptor<TContext>(int headerOrder)
        where TContext : BaseRequestContext =>
        OpenIddictValidationHandlerDescriptor.CreateBuilder<TContext>()
            .UseInlineHandler(WriteBodyAsync)
            .SetOrder(headerOrder + 500)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    private static async ValueTask WriteBodyAsync<TContext>(TContext context)
        where TContext : BaseRequestContext
    {
        var response = context.Transaction.GetHttpRequest()?.HttpContext.Response;
        var error = context.Transaction.Response?.Error;
        if (response is null || response.HasStarted || string.IsNullOrEmpty(error))
        {
            return;
        }

        var description = error == Errors.MissingToken
            ? "no access token: send Authorization: Bearer <token> (POST /connect/token issues one)"
            : context.Transaction.Response!.ErrorDescription ?? error;
        await WriteProblemAsync(response, response.StatusCode, error, description).ConfigureAwait(false);
    }

    private static Task WriteProblemAsync(HttpResponse response, int status, string error, string description)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(
            new Problem("about:blank", status == StatusCodes.Status403Forbidden ? "Forbidden" : "Unauthorized", status, description, error),
            ProblemJson,
            contentType: "application/problem+json",
            cancellationToken: response.HttpContext.RequestAborted);
    }

    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web);

    /// <summary>RFC 9457 with the OAuth error code (RFC 6750) as an extension member.</summary>
    private sealed record Problem(string Type, string Title, int Status, string Detail, string Error);
}
