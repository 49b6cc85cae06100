using Microsoft.AspNetCore.Http;

namespace Renkei.Gateway.Audit;

/// <summary>
/// What the pipeline learnt about a request, for its audit entry (set by the steps that decide). Kept as a request
/// feature, not in <see cref="HttpContext.Items"/>: the audit step puts it there first thing (see
/// <see cref="AuditMiddleware"/>), and Kestrel's feature collection keeps its slot per connection, where
/// <c>Items</c> costs a dictionary per request.
/// </summary>
internal class AuditFacts
{
    public string? ClientId { get; set; }

    public string? SupplyPoint { get; set; }

    public string? Date { get; set; }

    public string? Reason { get; set; }

    public static AuditFacts Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<AuditFacts>() is { } facts)
        {
            return facts;
        }

        facts = new AuditFacts();
        context.Features.Set(facts);
        return facts;
    }

    /// <summary>Whether the request has facts, that is, the audit step saw it (or a step noted something for it).</summary>
    internal static bool Noted(Microsoft.AspNetCore.Http.Features.IFeatureCollection features) => features.Get<AuditFacts>() is not null;
}
