using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Renkei.Gateway.Store;
using Renkei.Gateway.Tests.Support;
using Renkei.Gateway.Webhooks;

namespace Renkei.Gateway.Tests.Webhooks;

[Collection(InternalZoneCollection.Name)]
public sealed class WebhookDeliveryTests(InternalZone zone)
{
    [Fact]
    public async Task SlotPublished_ReceiverGetsNoticeWhoseSignatureVerifies()
    {
        await using var rig = await DeliveryRig.StartAsync(zone);
        var token = await rig.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        var hook = await rig.RegisterAsync(token, rig.Receiver.Url);
        Assert.StartsWith("whsec_", hook.Secret, StringComparison.Ordinal);

        await rig.CloseSlotAsync(rig.FirstSlot);
        await rig.Dispatcher.RunOnceAsync();

        var got = await rig.Receiver.NextAsync();
        var timestamp = got.Headers[WebhookSignature.TimestampHeader];
        Assert.Equal(rig.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), timestamp);

        // Verified as a retailer would, from the documented rule alone: HMAC-SHA256(secret, timestamp + "." + body).
        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(got.Body).ToArray();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(hook.Secret), signed));
        Assert.Equal(expected, got.Headers[WebhookSignature.SignatureHeader]);
        Assert.StartsWith("application/json", got.Headers["Content-Type"], StringComparison.Ordinal);

        using var body = JsonDocument.Parse(got.Body);
        var root = body.RootElement;
        var date = rig.FirstSlot.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal("slot.published", root.GetProperty("kind").GetString());
        Assert.Equal(date, root.GetProperty("date").GetString());
        Assert.Equal(rig.FirstSlot.Number, root.GetProperty("slot").GetInt32());
        Assert.True(root.GetProperty("publishedAt").TryGetDateTimeOffset(out _));
        Assert.Equal(root.GetProperty("id").GetString(), got.Headers[WebhookSignature.IdHeader]);
        Assert.Equal($"/api/v1/intervals?date={date}&slot={rig.FirstSlot.Number}", root.GetProperty("links").GetProperty("intervals").GetString());

        var deliveries = await rig.DeliveriesAsync(token, hook.Id);
        var delivery = Assert.Single(deliveries.Deliveries);
        Assert.Equal(WebhookDelivery.Delivered, delivery.State);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal(200, Assert.Single(delivery.Attempts).StatusCode);
    }

    [Fact]
    public async Task Receiver500_IsRetriedAfterTheBackoffAndBothAttemptsAreListed()
    {
        await using var rig = await DeliveryRig.StartAsync(zone);
        var token = await rig.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        var hook = await rig.RegisterAsync(token, rig.Receiver.Url);
        rig.Receiver.Answers.Enqueue(500);

        await rig.CloseSlotAsync(rig.FirstSlot);
        await rig.Dispatcher.RunOnceAsync();
        var first = await rig.Receiver.NextAsync();
        Assert.Equal(500, first.AnsweredWith);

        var failedAt = rig.Clock.GetUtcNow();
        var pending = Assert.Single((await rig.DeliveriesAsync(token, hook.Id)).Deliveries);
        Assert.Equal(WebhookDelivery.Pending, pending.State);
        Assert.Equal(500, Assert.Single(pending.Attempts).StatusCode);
        Assert.Equal(failedAt + DeliveryRig.FirstRetry, pending.NextAttemptAt);

        // Not before the backoff has passed ...
        rig.Clock.Advance(DeliveryRig.FirstRetry - TimeSpan.FromSeconds(1));
        await rig.Dispatcher.RunOnceAsync();
        Assert.Equal(1, rig.Receiver.Count);

        // ... then the same notice again, re-signed with the new timestamp.
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        await rig.Dispatcher.RunOnceAsync();
        var second = await rig.Receiver.NextAsync();
        Assert.Equal(200, second.AnsweredWith);
        Assert.Equal(first.Body, second.Body);
        Assert.NotEqual(first.Headers[WebhookSignature.TimestampHeader], second.Headers[WebhookSignature.TimestampHeader]);

        var done = Assert.Single((await rig.DeliveriesAsync(token, hook.Id)).Deliveries);
        Assert.Equal(WebhookDelivery.Delivered, done.State);
        Assert.Equal([500, 200], done.Attempts.Select(a => a.StatusCode ?? 0));
        Assert.Null(done.NextAttemptAt);
    }

    [Fact]
    public async Task ReceiverAlwaysFailing_IsGivenUpAfterMaxAttemptsWithDoublingWaits()
    {
        await using var rig = await DeliveryRig.StartAsync(zone);
        var token = await rig.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        var hook = await rig.RegisterAsync(token, rig.Receiver.Url);
        for (var i = 0; i < 4; i++)
        {
            rig.Receiver.Answers.Enqueue(503);
        }

        await rig.CloseSlotAsync(rig.FirstSlot);
        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await rig.Dispatcher.RunOnceAsync();
            Assert.Equal(503, (await rig.Receiver.NextAsync()).AnsweredWith);
            var delivery = Assert.Single((await rig.DeliveriesAsync(token, hook.Id)).Deliveries);
            if (delivery.NextAttemptAt is { } next)
            {
                waits.Add(next - rig.Clock.GetUtcNow());
                rig.Clock.Advance(next - rig.Clock.GetUtcNow());
            }
        }

        // 30 s, 60 s, 120 s (capped at 4 minutes), then given up after the 4th attempt.
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120)], waits);
        var failed = Assert.Single((await rig.DeliveriesAsync(token, hook.Id)).Deliveries);
        Assert.Equal(WebhookDelivery.Failed, failed.State);
        Assert.Equal(4, failed.Attempts.Count);
        Assert.Null(failed.NextAttemptAt);
        // Nothing more, however long one waits (10 minutes here: the metering node shares the clock, and a longer
        // jump would let its closer publish the next slots).
        rig.Clock.Advance(TimeSpan.FromMinutes(10));
        await rig.Dispatcher.RunOnceAsync();
        Assert.Equal(4, rig.Receiver.Count);
    }

    [Fact]
    public async Task PendingDeliveryAndUnseenPublication_SurviveAGatewayRestart()
    {
        await using var rig = await DeliveryRig.StartAsync(zone);
        var token = await rig.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        var hook = await rig.RegisterAsync(token, rig.Receiver.Url);
        rig.Receiver.Answers.Enqueue(503);
        await rig.CloseSlotAsync(rig.FirstSlot);
        await rig.Dispatcher.RunOnceAsync();
        var failed = await rig.Receiver.NextAsync();
        Assert.Equal(503, failed.AnsweredWith);

        // Down: the gateway stops with that notice pending, and the next slot is published while it is away.
        await rig.StopGatewayAsync();
        await rig.CloseSlotAsync(rig.FirstSlot.Next());
        rig.Clock.Advance(DeliveryRig.FirstRetry);
        await rig.StartGatewayAsync();
        await rig.Dispatcher.RunOnceAsync();

        var a = await rig.Receiver.NextAsync();
        var b = await rig.Receiver.NextAsync();
        var slots = new[] { a, b }.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("slot").GetInt32()).Order().ToArray();
        Assert.Equal([rig.FirstSlot.Number, rig.FirstSlot.Next().Number], slots);
        Assert.Contains(new[] { a, b }, r => r.Body.SequenceEqual(failed.Body));

        token = await rig.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        var deliveries = (await rig.DeliveriesAsync(token, hook.Id)).Deliveries;
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(WebhookDelivery.Delivered, d.State));
        Assert.False(rig.Receiver.TryNext(out _));
    }

    [Fact]
    public async Task Notice_GoesToEveryRetailersWebhookAndNotToARemovedOne()
    {
        await using var rig = await DeliveryRig.StartAsync(zone);
        var r1 = await rig.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        var r2 = await rig.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret);
        var kept = await rig.RegisterAsync(r1, rig.Receiver.Url);
        var other = await rig.RegisterAsync(r2, rig.Receiver.Url);
        var removed = await rig.RegisterAsync(r1, new Uri(rig.Receiver.Url + "?removed=1"));
        using (var delete = await rig.SendAsync(HttpMethod.Delete, r1, $"api/v1/webhooks/{removed.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await rig.CloseSlotAsync(rig.FirstSlot);
        await rig.Dispatcher.RunOnceAsync();
        var got = new[] { await rig.Receiver.NextAsync(), await rig.Receiver.NextAsync() };
        Assert.False(rig.Receiver.TryNext(out _));

        // Each copy is signed with its own webhook's secret.
        var secrets = new[] { kept.Secret, other.Secret };
        foreach (var r in got)
        {
            var signed = Encoding.ASCII.GetBytes(r.Headers[WebhookSignature.TimestampHeader] + ".").Concat(r.Body).ToArray();
            Assert.Single(secrets, s => "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(s), signed)) == r.Headers[WebhookSignature.SignatureHeader]);
        }
    }

    [Fact]
    public async Task ValuesRevisedAfterPublication_NotifyOnlyTheRetailerHoldingThePoint()
    {
        await using var rig = await DeliveryRig.StartAsync(zone);
        var r1 = await rig.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        var r2 = await rig.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret);
        var r1Hook = await rig.RegisterAsync(r1, rig.Receiver.Url);
        var r2Hook = await rig.RegisterAsync(r2, new Uri(rig.Receiver.Url + "?r2"));

        // Published with the reads missing: both retailers are told.
        await rig.CloseSlotAsync(rig.FirstSlot);
        await rig.Dispatcher.RunOnceAsync();
        await rig.Receiver.NextAsync();
        await rig.Receiver.NextAsync();

        // Then the reads of meter W000001 (supply point Switched, R2's since the switch day) arrive: its value is revised.
        rig.Clock.Advance(rig.FirstSlot.End - rig.Clock.GetUtcNow());
        await rig.PostReadsAsync(
            "meter_id,read_at,register_kwh\n"
            + $"W000001,{rig.FirstSlot.Start:yyyy-MM-ddTHH:mm:sszzz},100.0000\n"
            + $"W000001,{rig.FirstSlot.End:yyyy-MM-ddTHH:mm:sszzz},100.5000\n");
        await rig.Dispatcher.RunOnceAsync();

        var revised = await rig.Receiver.NextAsync();
        Assert.False(rig.Receiver.TryNext(out _));
        using var body = JsonDocument.Parse(revised.Body);
        Assert.Equal("slot.revised", body.RootElement.GetProperty("kind").GetString());
        Assert.Equal(rig.FirstSlot.Number, body.RootElement.GetProperty("slot").GetInt32());
        Assert.True(body.RootElement.GetProperty("revisedValues").GetInt32() >= 1);

        // The clock moved up to an hour: new tokens (30-minute lifetime) to read the deliveries.
        r1 = await rig.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        r2 = await rig.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret);
        Assert.Equal(2, (await rig.DeliveriesAsync(r2, r2Hook.Id)).Deliveries.Count);
        Assert.Single((await rig.DeliveriesAsync(r1, r1Hook.Id)).Deliveries);
    }
}

