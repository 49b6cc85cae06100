using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using OpenIddict.Validation.AspNetCore;
using Renkei.Gateway.Callers;

namespace Renkei.Gateway.Auth;

/// <summary>
/// A request authenticated from <see cref="ValidatedTokens"/> skips OpenIddict's per-request preparation. If
/// authorization then refuses it (a retailer's token on an operator route, say), the refusal is OpenIddict's to
/// write (403 with its <c>WWW-Authenticate</c>), which needs that preparation: it is done here, only then.
/// </summary>
internal sealed class OpenIddictOnDemand : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        // An authenticated caller refused by an operator route that hides itself gets what an unknown route answers
        // (a bare 404, no challenge header); the audit line keeps the true reason.
        if (authorizeResult.Forbidden && Proxy.OperatorRoutes.HiddenFromOthers(context))
        {
            Audit.AuditFacts.Of(context).Reason = "not an operator (operator-only route, answered as an unknown route)";
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if ((authorizeResult.Challenged || authorizeResult.Forbidden)
            && context.Features.Get<OpenIddictValidationAspNetCoreFeature>()?.Transaction is null
            && await ValidatedTokens.HandledByOpenIddictAsync(context).ConfigureAwait(false))
        {
            return;
        }

        await inner.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }
}
