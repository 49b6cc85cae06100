namespace Renkei.Metering.Offline;

/// <summary>A clock that always says the same instant (offline computations run "as of" the end of their input).</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
