using Microsoft.AspNetCore.Http;

namespace Renkei.Gateway.Audit;

/// <summary>What the pipeline learnt about a request, for its audit entry (set by the steps that decide).</summary>
public sealed class AuditFacts
{
    internal const string Key = "renkei.audit";

    public string? ClientId { get; set; }

    public string? SupplyPoint { get; set; }

    public string? Date { get; set; }

    public string? Reason { get; set; }

    public static AuditFacts Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(Key, out var value) && value is AuditFacts facts)
        {
            return facts;
        }

        facts = new AuditFacts();
        context.Items[Key] = facts;
        return facts;
    }
}
