using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Identifiers;
using Renkei.Formats.Text;
using Renkei.Gateway.Access;
using Renkei.Gateway.Store;
using Renkei.Hosting.Contracts;

namespace Renkei.Gateway.Webhooks;

/// <summary>
/// Follows the metering node's change feed (<c>GET /internal/v1/changes?since=</c>, with the gateway's caller proof)
/// and turns each slot publication into one pending delivery per registered webhook, and each batch of revisions into
/// one per webhook of a retailer that may read a revised value; then POSTs the due deliveries, signed, retrying with
/// exponential backoff. Deliveries and the feed position are committed together in <c>gateway.db</c>, so a restart
/// neither loses nor repeats an event; a notice whose answer was lost in a crash is sent again (at least once).
/// </summary>
internal sealed partial class WebhookDispatcher(
    IServiceScopeFactory scopes,
    HttpClient metering,
    HttpClient targets,
    ContractReadModel contracts,
    WebhookOptions options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger,
    Renkei.Hosting.Cluster.AdvisoryLockTurn? turn = null) : BackgroundService
{
    /// <summary>The advisory lock that lets one gateway instance on a shared store deliver at a time.</summary>
    public const string TurnName = "renkei.gateway.webhooks";

    private const int PageSize = 1000;
    private const int DeliveriesPerRun = 64;
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>
    /// One round: follow the feed, then send what is due. The hosted loop calls it every poll interval; tests call it
    /// directly. On a shared store only the instance holding the advisory lock <see cref="TurnName"/> runs rounds
    /// (two would both turn one slot into deliveries); the others take over when its session ends.
    /// </summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken = default)
    {
        if (turn is not null && !await turn.TryHoldAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FollowAsync(cancellationToken).ConfigureAwait(false);
            while (await DeliverDueAsync(cancellationToken).ConfigureAwait(false) == DeliveriesPerRun)
            {
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// At the gateway's first start the feed position is set to the metering node's current version: notices begin
    /// with what is published from then on, not with the node's whole history. Later starts keep the stored position.
    /// If the node cannot be reached now, the first round does it.
    /// </summary>
    public async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        if (await db.WebhookCursors.AnyAsync(c => c.Id == 1, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await StartCursorAsync(db, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            LogRoundFailed(logger, e);
        }
    }

    private async Task StartCursorAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        var first = await PageAsync(0, 1, cancellationToken).ConfigureAwait(false);
        db.WebhookCursors.Add(new WebhookCursor { Id = 1, MeteringVersion = first.Current });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        gate.Dispose();

        // Ends the lock's session, so another instance takes the deliveries over at its next round.
        turn?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.DispatcherEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (metering unreachable, a database error), the loop goes on: a hosted service that
                // throws would stop the whole gateway, and the next round picks up where this one committed.
                LogRoundFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var cursor = await db.WebhookCursors.SingleOrDefaultAsync(c => c.Id == 1, cancellationToken).ConfigureAwait(false);
        if (cursor is null)
        {
            await StartCursorAsync(db, cancellationToken).ConfigureAwait(false);
            return;
        }

        while (true)
        {
            var page = await PageAsync(cursor.MeteringVersion, PageSize, cancellationToken).ConfigureAwait(false);
            if (page.Published.Count == 0 && page.Revisions.Count == 0)
            {
                return;
            }

            var hooks = await db.Webhooks.AsNoTracking().Select(w => new { w.Id, w.RetailerCode }).ToListAsync(cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var published in page.Published)
            {
                var notice = WebhookNotice.For(WebhookNotice.Published, published.Date, published.Slot, published.PublishedAt, published.Version, null);
                var body = notice.ToJson();
                foreach (var hook in hooks)
                {
                    db.WebhookDeliveries.Add(NewDelivery(hook.Id, notice, body, now));
                }
            }

            // Revisions: one notice per slot and retailer, only to retailers that held a revised point's contract on its date.
            foreach (var slot in page.Revisions.GroupBy(r => (r.Date, r.Slot)))
            {
                var last = slot.MaxBy(r => r.Version)!;
                foreach (var retailerHooks in hooks.GroupBy(h => h.RetailerCode))
                {
                    if (!RetailerCode.TryParse(retailerHooks.Key, out var retailer, out _)
                        || !DateText.TryParse(slot.Key.Date, out var date))
                    {
                        continue;
                    }

                    var count = 0;
                    foreach (var r in slot)
                    {
                        if (SupplyPointId.TryParse(r.SupplyPointId, out var point, out _) && contracts.MayRead(retailer, point, date))
                        {
                            count++;
                        }
                    }

                    if (count == 0)
                    {
                        continue;
                    }

                    var notice = WebhookNotice.For(WebhookNotice.Revised, slot.Key.Date, slot.Key.Slot, last.At, last.Version, count);
                    var body = notice.ToJson();
                    foreach (var hook in retailerHooks)
                    {
                        db.WebhookDeliveries.Add(NewDelivery(hook.Id, notice, body, now));
                    }
                }
            }

            cursor.MeteringVersion = page.Next;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            cursor = await db.WebhookCursors.SingleAsync(c => c.Id == 1, cancellationToken).ConfigureAwait(false);
        }
    }

    private static WebhookDelivery NewDelivery(string webhookId, WebhookNotice notice, string body, long now) => new()
    {
        WebhookId = webhookId,
        NoticeId = notice.Id,
        Kind = notice.Kind,
        Date = notice.Date,
        Slot = notice.Slot,
        Body = body,
        CreatedAtMs = now,
        NextAttemptAtMs = now,
    };

    private async Task<ChangesPage> PageAsync(long since, int limit, CancellationToken cancellationToken)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"internal/v1/changes?since={since}&limit={limit}"), UriKind.Relative);
        var page = await metering.GetFromJsonAsync<ChangesPage>(uri, cancellationToken).ConfigureAwait(false);
        return page ?? throw new HttpRequestException("the metering node answered an empty change page");
    }

    /// <summary>Sends up to <see cref="DeliveriesPerRun"/> due deliveries (in parallel) and records each attempt.</summary>
    private async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var due = await db.WebhookDeliveries
            .Where(d => d.NextAttemptAtMs != null && d.NextAttemptAtMs <= nowMs)
            .OrderBy(d => d.NextAttemptAtMs).ThenBy(d => d.Id)
            .Take(DeliveriesPerRun)
            .Join(db.Webhooks, d => d.WebhookId, w => w.Id, (d, w) => new { Delivery = d, w.Url, w.Secret })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return 0;
        }

        var outcomes = await Task.WhenAll(due.Select(d => PostAsync(new Uri(d.Url), d.Secret, d.Delivery, now, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < due.Count; i++)
        {
            var delivery = due[i].Delivery;
            var (status, error) = outcomes[i];
            delivery.AttemptCount++;
            db.WebhookAttempts.Add(new WebhookAttempt { DeliveryId = delivery.Id, AtMs = nowMs, StatusCode = status, Error = error });
            if (status is >= 200 and < 300)
            {
                delivery.State = WebhookDelivery.Delivered;
                delivery.NextAttemptAtMs = null;
            }
            else if (delivery.AttemptCount >= options.MaxAttempts)
            {
                delivery.State = WebhookDelivery.Failed;
                delivery.NextAttemptAtMs = null;
            }
            else
            {
                delivery.NextAttemptAtMs = nowMs + (long)RetryDelay(delivery.AttemptCount).TotalMilliseconds;
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return due.Count;
    }

    /// <summary>The wait after the given number of failed attempts: first, doubled each time, capped.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var delay = options.FirstRetryDelay;
        for (var i = 1; i < failedAttempts && delay < options.MaxRetryDelay; i++)
        {
            delay *= 2;
        }

        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    private async Task<(int? Status, string? Error)> PostAsync(Uri url, string secret, WebhookDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, delivery.NoticeId);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        request.Headers.UserAgent.ParseAdd("Renkei-Webhooks/1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var response = await targets.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "timed out");
        }
        catch (HttpRequestException e)
        {
            return (null, Describe(e));
        }
    }

    private static string Describe(HttpRequestException e)
    {
        var message = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
        return message.Length > 300 ? message[..300] : message;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatcher round failed; retrying at the next poll")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    private sealed record ChangesPage(IReadOnlyList<PublishedItem> Published, IReadOnlyList<RevisionItem> Revisions, long Next, long Current);

    private sealed record PublishedItem(long Version, string Date, int Slot, DateTimeOffset PublishedAt);

    private sealed record RevisionItem(long Version, string SupplyPointId, string Date, int Slot, DateTimeOffset At);
}
