using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Callers;
using Renkei.Hosting.InternalAuth;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Renkei.Gateway.Proxy;

/// <summary>
/// What every forwarded request carries into the internal zone: no client-supplied <c>X-Renkei-*</c>,
/// <c>X-Forwarded-*</c> or <c>Forwarded</c> header and no <c>Authorization</c> header, but the gateway's signed caller proof (addressed to the cluster's service)
/// and <c>X-Renkei-Retailer</c> with the retailer code of the validated token, or, for an operator's staff token,
/// <c>X-Renkei-Operator</c> with the operator's staff user name (its subject without <c>staff:</c>).
/// </summary>
internal static class InternalForwarding
{
    public static void Apply(TransformBuilderContext builder, InternalCallerSigner signer)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(signer);
        var audience = builder.Cluster?.ClusterId ?? builder.Route.ClusterId ?? string.Empty;
        builder.AddRequestTransform(transform =>
        {
            var headers = transform.ProxyRequest.Headers;

            // The proxy request's headers are copied from the client's: look for X-Renkei-* (and forwarding headers,
            // which YARP no longer sets: see GatewayHost) among the client's (cheap) and only then through the proxy
            // request's, whose enumeration parses every value.
            var suspect = false;
            foreach (var header in transform.HttpContext.Request.Headers)
            {
                if (Stripped(header.Key))
                {
                    suspect = true;
                    break;
                }
            }

            if (suspect)
            {
                List<string>? strip = null;
                foreach (var header in headers)
                {
                    if (Stripped(header.Key))
                    {
                        (strip ??= []).Add(header.Key);
                    }
                }

                if (strip is not null)
                {
                    foreach (var name in strip)
                    {
                        headers.Remove(name);
                    }
                }
            }

            headers.Remove("Authorization");
            headers.TryAddWithoutValidation(InternalHeaders.Caller, signer.TokenFor(audience));
            var retailer = CallerPrincipal.RetailerCodeOf(transform.HttpContext.User);
            if (retailer is not null)
            {
                headers.TryAddWithoutValidation(InternalHeaders.Retailer, retailer);
            }
            else if (OperatorOf(transform.HttpContext.User) is { } name)
            {
                headers.TryAddWithoutValidation(InternalHeaders.Operator, name);
            }

            return ValueTask.CompletedTask;
        });
    }

    /// <summary>The staff user name of an operator's token (role operator, subject <c>staff:</c> + name); null for any other.</summary>
    private static string? OperatorOf(System.Security.Claims.ClaimsPrincipal user) =>
        user.FindFirst(RenkeiClaims.Role)?.Value == RenkeiClaims.OperatorRole
        && CallerPrincipal.SubjectOf(user) is { } subject
        && subject.StartsWith(RenkeiClaims.StaffSubjectPrefix, StringComparison.Ordinal)
            ? subject[RenkeiClaims.StaffSubjectPrefix.Length..]
            : null;

    /// <summary>Client headers that never reach the internal zone: X-Renkei-*, and X-Forwarded-* / Forwarded.</summary>
    private static bool Stripped(string name) =>
        name.StartsWith(InternalHeaders.Prefix, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase);
}
