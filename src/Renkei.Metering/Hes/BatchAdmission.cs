using System.Threading.RateLimiting;

namespace Renkei.Metering.Hes;

/// <summary>
/// Bounds the HES's batches in flight (being read, parsed, waiting for or in <see cref="ReadIngest"/>) to
/// <see cref="Limit"/>, with a <see cref="ConcurrencyLimiter"/> that queues nothing: a batch beyond the bound is
/// refused before a byte of its body is read, so what ingest cannot keep up with waits at the head-end, not in the
/// node's memory (at most <see cref="Limit"/> bodies of the node's body limit). <see cref="Refusing"/> holds from a
/// refusal until a batch is admitted again (the head-end sends every refused batch again).
/// </summary>
internal sealed class BatchAdmission : IDisposable
{
    /// <summary>The largest <see cref="Limit"/> accepted.</summary>
    public const int MaxLimit = MeteringHostOptions.MaxBatchesInFlightBound;

    private readonly ConcurrencyLimiter limiter;
    private volatile bool refusing;

    public BatchAdmission(int limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"the batches in flight must be bounded by 1 to {MaxLimit}");
        }

        Limit = limit;
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = limit, QueueLimit = 0 });
    }

    /// <summary>The most batches in flight at once.</summary>
    public int Limit { get; }

    /// <summary>Whether the last batch that arrived was refused for the bound (until one is admitted again).</summary>
    public bool Refusing => refusing;

    /// <summary>Batches in flight now.</summary>
    public long InFlight => Limit - (limiter.GetStatistics()?.CurrentAvailablePermits ?? Limit);

    /// <summary>A slot for one batch, held until disposed; null when <see cref="Limit"/> batches are in flight (then refuse it).</summary>
    public RateLimitLease? TryEnter()
    {
        var lease = limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            refusing = true;
            return null;
        }

        refusing = false;
        return lease;
    }

    public void Dispose() => limiter.Dispose();
}
