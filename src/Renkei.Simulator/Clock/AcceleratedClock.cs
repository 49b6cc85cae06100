using System.Diagnostics;

namespace Renkei.Simulator.Clock;

/// <summary>
/// A clock that starts at <c>origin</c> and runs <c>speed</c> times faster than real time
/// (60 = one simulated hour per real minute). Everything that decides by time (the fleet, the slot closer)
/// reads this clock, so the whole demo runs accelerated consistently.
/// </summary>
public sealed class AcceleratedClock : TimeProvider
{
    private readonly DateTimeOffset origin;
    private readonly long started;
    private readonly double speed;

    public AcceleratedClock(DateTimeOffset origin, double speed)
    {
        if (!(speed > 0) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed must be a positive number");
        }

        this.origin = origin;
        this.speed = speed;
        started = Stopwatch.GetTimestamp();
    }

    public double Speed => speed;

    public override DateTimeOffset GetUtcNow() =>
        origin.ToUniversalTime().AddTicks((long)(Stopwatch.GetElapsedTime(started).Ticks * speed));
}
