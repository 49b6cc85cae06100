using System.Globalization;
using Microsoft.AspNetCore.Http;
using Renkei.Domain.Energy;
using Renkei.Formats.Text;
using Renkei.Hosting.Contracts;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Provision;

/// <summary>
/// A retailer's change feed: slots published (with their deadline facts) and revisions of its supply points'
/// values, in the engine's version order, read from a cursor (<c>?cursor=N&amp;limit=M</c>, answer <c>next</c>).
/// The cursor is the engine's version: it never passes a change that is not visible yet
/// (<see cref="IntervalEngine.StableVersion"/>), so following <c>next</c> misses nothing.
/// </summary>
internal static class RetailerFeed
{
    public const string SlotPublished = "slot-published";
    public const string Revised = "revision";
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    internal static async Task Get(HttpContext context, IntervalEngine engine, MeterRegistry registry, ContractReadModel contracts, ProvisionOptions options, TimeProvider clock)
    {
        if (!RetailerRequest.TryRetailer(context, out var retailer))
        {
            await RetailerRequest.NotRetailer().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        if (RetailerRequest.CheckQuery(request, "cursor", "limit") is { } unknown)
        {
            await unknown.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        long cursor = 0;
        if (request.Query.ContainsKey("cursor") && !long.TryParse(request.Query["cursor"], NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            await RetailerRequest.Problem(StatusCodes.Status400BadRequest, "Invalid cursor", "cursor", "cursor must be a whole number of 0 or more (the next of the previous page)").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var limit = DefaultLimit;
        if (request.Query.ContainsKey("limit")
            && (!int.TryParse(request.Query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            await RetailerRequest.Problem(StatusCodes.Status400BadRequest, "Invalid limit", "limit", $"limit must be 1 to {MaxLimit}").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await TypedResults.Ok(Page(engine, registry, contracts, retailer, cursor, limit, options.Bound, clock.GetUtcNow())).ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>
    /// One page: the retailer's items with versions above <paramref name="cursor"/>, at most <paramref name="limit"/>,
    /// having examined at most 20 × limit engine changes (so a retailer with few changes among many does not make one
    /// request scan the whole log; <c>next</c> still advances past what was examined).
    /// </summary>
    public static FeedPage Page(IntervalEngine engine, MeterRegistry registry, ContractReadModel contracts, string retailer, long cursor, int limit, TimeSpan bound, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(contracts);
        var horizon = engine.StableVersion;
        var scan = Math.Min(limit * 20, 200_000);
        var published = engine.PublishedSince(cursor);
        var revised = engine.RevisionsSince(cursor, scan);
        var revisionsExhausted = revised.Count < scan;
        var items = new List<FeedItem>();
        var next = cursor;
        int i = 0, j = 0;
        while (items.Count < limit)
        {
            var p = i < published.Count && published[i].Version <= horizon ? published[i] : null;
            var r = j < revised.Count && revised[j].Version <= horizon ? revised[j] : null;
            if (p is null && r is null)
            {
                break;
            }

            if (j >= revised.Count && !revisionsExhausted)
            {
                // Revisions beyond the scanned batch may come before this publication: stop here.
                break;
            }

            if (p is not null && (r is null || p.Version < r.Version))
            {
                i++;
                next = p.Version!.Value;
                var deadline = SlotDeadlines.Of(p, true, bound, now);
                items.Add(new FeedItem(
                    next,
                    SlotPublished,
                    Day(p.Slot.Date),
                    p.Slot.Number,
                    next,
                    p.PublishedAt!.Value,
                    SlotEnd: p.SlotEnd,
                    MetBound: deadline.MetBound,
                    LateReason: deadline.LateReason));
                continue;
            }

            j++;
            next = r!.Version;
            var meter = registry[r.Ordinal];
            if (!contracts.MayRead(retailer, meter.SupplyPointId.Value, r.Slot.Date))
            {
                continue;
            }

            items.Add(new FeedItem(
                r.Version,
                Revised,
                Day(r.Slot.Date),
                r.Slot.Number,
                r.Version,
                r.At,
                SupplyPointId: meter.SupplyPointId.Value,
                MeterId: meter.MeterId,
                Direction: r.Direction == Direction.Import ? "import" : "export",
                OldKwh: r.OldEnergy is { } o ? KwhText.JsonNumber(o) : null,
                OldQuality: r.OldQuality.ToName(),
                NewKwh: r.NewEnergy is { } n ? KwhText.JsonNumber(n) : null,
                Quality: r.NewQuality.ToName(),
                Reason: ReasonOf(r.OldQuality, r.NewQuality)));
        }

        // Nothing of this retailer's, but changes examined: move on past them.
        if (items.Count < limit && revisionsExhausted && i >= published.Count)
        {
            next = Math.Max(next, Math.Min(horizon, engine.CurrentVersion));
        }

        return new FeedPage(items, next, horizon);
    }

    /// <summary>Why a published value changed, from its old and new quality.</summary>
    public static string ReasonOf(Quality old, Quality now) => (old, now) switch
    {
        (Quality.Missing, Quality.Actual) => "late-read",
        (Quality.Missing, Quality.Estimated) => "gap-estimated",
        (Quality.Estimated, Quality.Actual) => "estimate-replaced",
        (Quality.Estimated, Quality.Estimated) => "re-estimated",
        (_, Quality.Invalid) => "invalidated",
        (Quality.Invalid, _) => "corrected",
        _ => "recomputed",
    };

    private static string Day(DateOnly date) => DateText.Format(date);
}

/// <summary>A page of the feed: its items, the cursor to ask with next, and the newest version the feed can reach now.</summary>
internal sealed record FeedPage(IReadOnlyList<FeedItem> Items, long Next, long Current);

/// <summary>
/// One feed item. <c>slot-published</c>: the slot's values are available (<see cref="PublishedAt"/>), with its end and
/// whether it met the bound. <c>revision</c>: a published value of one of the retailer's supply points changed: the
/// meter whose reads changed it, old and new value (that meter's share; a supply point's value is the sum over its
/// meters), the new quality and the reason code, under a new version.
/// </summary>
internal sealed record FeedItem(
    long Cursor,
    string Kind,
    string Date,
    int Slot,
    long Version,
    DateTimeOffset PublishedAt,
    string? SupplyPointId = null,
    string? MeterId = null,
    string? Direction = null,
    decimal? OldKwh = null,
    string? OldQuality = null,
    decimal? NewKwh = null,
    string? Quality = null,
    string? Reason = null,
    DateTimeOffset? SlotEnd = null,
    bool? MetBound = null,
    string? LateReason = null);
