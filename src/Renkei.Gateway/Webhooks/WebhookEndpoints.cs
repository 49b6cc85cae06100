using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Callers;
using Renkei.Gateway.Store;
using Renkei.Hosting.Http;

namespace Renkei.Gateway.Webhooks;

/// <summary>
/// The retailer's webhook registrations, served by the gateway itself (not proxied): register an HTTPS URL (the
/// answer shows the signing secret, once), list, remove, and read a webhook's deliveries with every attempt. A
/// retailer sees only webhooks registered under its own retailer code; any other ID is 404, as for one that does not
/// exist.
/// </summary>
internal static class WebhookEndpoints
{
    public const string Prefix = "/api/v1/webhooks";

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).RequireAuthorization(RenkeiClaims.RetailerPolicy);
        group.MapPost("", RegisterAsync);
        group.MapGet("", ListAsync);
        group.MapDelete("/{id}", RemoveAsync);
        group.MapGet("/{id}/deliveries", DeliveriesAsync);
        return app;
    }

    internal static async Task<Results<Created<WebhookCreated>, ProblemHttpResult>> RegisterAsync(
        HttpContext context, GatewayDbContext db, WebhookOptions options, TimeProvider clock)
    {
        var retailer = Retailer(context);
        WebhookRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<WebhookRequest>(context.Request.Body, JsonBodies.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            AuditFacts.Of(context).Reason = "malformed JSON body";
            return JsonBodies.Problem(e);
        }

        if (!WebhookTarget.TryValidate(body?.Url, options.AllowPrivateTargets, out var target, out var error))
        {
            return Invalid(context, "url", error!);
        }

        var count = await db.Webhooks.CountAsync(w => w.RetailerCode == retailer, context.RequestAborted).ConfigureAwait(false);
        if (count >= options.MaxPerRetailer)
        {
            AuditFacts.Of(context).Reason = "too many webhooks";
            return TypedResults.Problem(
                $"a retailer may register at most {options.MaxPerRetailer} webhooks; remove one first",
                statusCode: StatusCodes.Status409Conflict,
                title: "Too many webhooks");
        }

        var hook = new Webhook
        {
            Id = WebhookSignature.NewId(),
            RetailerCode = retailer,
            ClientId = context.User.FindFirst("sub")?.Value ?? "-",
            Url = target!.AbsoluteUri,
            Secret = WebhookSignature.NewSecret(),
            CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        db.Webhooks.Add(hook);
        await db.SaveChangesAsync(context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Created(
            $"{Prefix}/{hook.Id}",
            new WebhookCreated(hook.Id, hook.Url, hook.Secret, DateTimeOffset.FromUnixTimeMilliseconds(hook.CreatedAtMs)));
    }

    internal static async Task<Ok<WebhookList>> ListAsync(HttpContext context, GatewayDbContext db)
    {
        var retailer = Retailer(context);
        var hooks = await db.Webhooks.AsNoTracking()
            .Where(w => w.RetailerCode == retailer)
            .OrderBy(w => w.CreatedAtMs).ThenBy(w => w.Id)
            .Select(w => new
            {
                w.Id,
                w.Url,
                w.CreatedAtMs,
                Pending = w.Deliveries.Count(d => d.State == WebhookDelivery.Pending),
                Failed = w.Deliveries.Count(d => d.State == WebhookDelivery.Failed),
            })
            .ToListAsync(context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new WebhookList([.. hooks.Select(h => new WebhookSummary(h.Id, h.Url, DateTimeOffset.FromUnixTimeMilliseconds(h.CreatedAtMs), h.Pending, h.Failed))]));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string id, HttpContext context, GatewayDbContext db)
    {
        var retailer = Retailer(context);
        var hook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == id && w.RetailerCode == retailer, context.RequestAborted).ConfigureAwait(false);
        if (hook is null)
        {
            return NotFound(context);
        }

        // Its deliveries and attempts go with it (cascade): nothing more is sent to a removed webhook.
        db.Webhooks.Remove(hook);
        await db.SaveChangesAsync(context.RequestAborted).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<DeliveryList>, ProblemHttpResult>> DeliveriesAsync(string id, int? limit, HttpContext context, GatewayDbContext db)
    {
        var retailer = Retailer(context);
        var take = limit ?? 50;
        if (take is < 1 or > 500)
        {
            return Invalid(context, "limit", "limit must be 1 to 500");
        }

        var exists = await db.Webhooks.AnyAsync(w => w.Id == id && w.RetailerCode == retailer, context.RequestAborted).ConfigureAwait(false);
        if (!exists)
        {
            return NotFound(context);
        }

        var deliveries = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.WebhookId == id)
            .OrderByDescending(d => d.Id)
            .Take(take)
            .Include(d => d.Attempts)
            .ToListAsync(context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(new DeliveryList(id, [.. deliveries.Select(d => new DeliveryView(
            d.Id,
            d.NoticeId,
            d.Kind,
            d.Date,
            d.Slot,
            d.State,
            DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAtMs),
            d.NextAttemptAtMs is { } next ? DateTimeOffset.FromUnixTimeMilliseconds(next) : null,
            [.. d.Attempts.OrderBy(a => a.Id).Select(a => new AttemptView(DateTimeOffset.FromUnixTimeMilliseconds(a.AtMs), a.StatusCode, a.Error))]))]));
    }

    private static string Retailer(HttpContext context) =>
        context.User.FindFirst(RenkeiClaims.RetailerCode)?.Value ?? throw new InvalidOperationException("the retailer policy admits only tokens with a retailer code");

    private static ProblemHttpResult Invalid(HttpContext context, string field, string message)
    {
        AuditFacts.Of(context).Reason = $"invalid {field}";
        return TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid webhook request",
            Detail = $"{field}: {message}",
            Extensions = { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } },
        });
    }

    private static ProblemHttpResult NotFound(HttpContext context)
    {
        AuditFacts.Of(context).Reason = "no such webhook for this retailer";
        return TypedResults.Problem("no such webhook", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }
}
