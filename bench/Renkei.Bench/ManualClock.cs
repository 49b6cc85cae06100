namespace Renkei.Bench;

/// <summary>A clock the benchmark moves by hand (each boundary's reads "arrive" at the boundary).</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}
