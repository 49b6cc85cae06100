namespace Renkei.Switching.Applications.IF_10310_UsageValues;

/// <summary>Where the usage values of a grant come from: the metering node (switching never reads metering's store itself).</summary>
public interface IUsageValuesSource
{
    /// <summary>
    /// The point's usage from <paramref name="from"/> (inclusive) to <paramref name="until"/> (exclusive), with the
    /// 30-minute values when <paramref name="halfHourly"/>; null when the metering node knows no meter at the point.
    /// Throws <see cref="UsageValuesUnavailableException"/> when the metering node cannot answer.
    /// </summary>
    Task<UsageHistory?> GetAsync(string supplyPointId, DateOnly from, DateOnly until, bool halfHourly, CancellationToken cancellationToken);
}

/// <summary>The metering node did not answer (down, refused our caller proof, or failed).</summary>
public sealed class UsageValuesUnavailableException : Exception
{
    public UsageValuesUnavailableException()
    {
    }

    public UsageValuesUnavailableException(string message)
        : base(message)
    {
    }

    public UsageValuesUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
