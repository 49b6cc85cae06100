using System.Net;
using System.Text.Json;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Provision;

namespace Renkei.Metering.Tests.Provision;

/// <summary>The 60-minute bound per slot: met, pending, and each late reason code.</summary>
public sealed class SlotDeadlinesTests
{
    private static readonly Slot Slot1 = new(new DateOnly(2026, 4, 1), 1);
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(60);

    [Fact]
    public void PublishedWithinTheBound_Met()
    {
        var d = SlotDeadlines.Of(Timeline(cutoff: 5, start: 5, end: 6), true, Bound, Slot1.End.AddHours(2));

        Assert.Equal((true, (string?)null, 6m), (d.MetBound, d.LateReason, d.MinutesAfterEnd));
    }

    [Fact]
    public void CutoffAfterTheBound_LateWithCutoffAfterBound()
    {
        var d = SlotDeadlines.Of(Timeline(cutoff: 70, start: 70, end: 71), true, Bound, Slot1.End.AddHours(2));

        Assert.Equal((false, SlotDeadlines.CutoffAfterBound), (d.MetBound, d.LateReason));
    }

    [Fact]
    public void ComputeStartedInTimeEndedLate_LateWithComputeSlow()
    {
        var d = SlotDeadlines.Of(Timeline(cutoff: 5, start: 50, end: 65), true, Bound, Slot1.End.AddHours(2));

        Assert.Equal((false, SlotDeadlines.ComputeSlow), (d.MetBound, d.LateReason));
    }

    [Fact]
    public void CloseStartedAfterTheBound_LateWithCloseLate()
    {
        var d = SlotDeadlines.Of(Timeline(cutoff: 5, start: 90, end: 91), true, Bound, Slot1.End.AddHours(2));

        Assert.Equal((false, SlotDeadlines.CloseLate), (d.MetBound, d.LateReason));
    }

    [Fact]
    public void NotPublished_BeforeTheBound_Pending_AfterIt_NotYetPublished()
    {
        var open = Timeline(null, null, null);

        var pending = SlotDeadlines.Of(open, false, Bound, Slot1.End.AddMinutes(30));
        var late = SlotDeadlines.Of(open, false, Bound, Slot1.End.AddMinutes(61));

        Assert.Equal(((bool?)null, (string?)null), (pending.MetBound, pending.LateReason));
        Assert.Equal((false, SlotDeadlines.NotYetPublished), (late.MetBound, late.LateReason));
    }

    [Fact]
    public async Task Api_DayOfSlots_ForTheCallingRetailer()
    {
        await using var host = await ProvisionHost.StartAsync();
        host.IngestAll(0, 2);
        host.Close(1);

        using var response = await host.ClientFor(ProvisionHost.A).GetAsync(new Uri("internal/v1/retailer/deadlines?date=2026-04-01", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var slots = json.RootElement.GetProperty("slots");
        Assert.Equal(48, slots.GetArrayLength());
        Assert.Equal(60, json.RootElement.GetProperty("boundMinutes").GetInt32());
        Assert.Equal("close-late", slots[0].GetProperty("lateReason").GetString());
        Assert.Equal(host.Clock.GetUtcNow(), slots[0].GetProperty("availableAt").GetDateTimeOffset());
        Assert.Equal("not-yet-published", slots[1].GetProperty("lateReason").GetString());
        Assert.Equal(JsonValueKind.Null, slots[1].GetProperty("availableAt").ValueKind);
    }

    private static SlotTimeline Timeline(int? cutoff, int? start, int? end)
    {
        DateTimeOffset? At(int? minutes) => minutes is { } m ? Slot1.End.AddMinutes(m) : null;
        return new SlotTimeline(Slot1, Slot1.End, Slot1.End.AddMinutes(cutoff ?? 5), 1, 1, null, null, null, null, At(start), At(end), At(end), end is null ? null : 1, null);
    }
}
