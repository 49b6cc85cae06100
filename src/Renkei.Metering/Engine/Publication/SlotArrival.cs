namespace Renkei.Metering.Engine.Publication;

/// <summary>How many of the reads expected at a boundary have arrived, and when 50/90/99/100 % of them had.</summary>
internal sealed class SlotArrival
{
    public int Expected { get; init; }

    public int Count { get; set; }

    public DateTimeOffset? At50 { get; set; }

    public DateTimeOffset? At90 { get; set; }

    public DateTimeOffset? At99 { get; set; }

    public DateTimeOffset? At100 { get; set; }

    /// <summary>Counts <paramref name="n"/> more reads arrived at <paramref name="now"/>.</summary>
    public void Add(int n, DateTimeOffset now)
    {
        Count += n;
        var share = Expected == 0 ? 1.0 : (double)Count / Expected;
        At50 ??= share >= 0.5 ? now : null;
        At90 ??= share >= 0.9 ? now : null;
        At99 ??= share >= 0.99 ? now : null;
        At100 ??= share >= 1.0 ? now : null;
    }
}
