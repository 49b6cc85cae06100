using System.Collections.Concurrent;

namespace Renkei.Gateway.Ips;

/// <summary>
/// Counts failed authentications per (client ID, source address) and per source address; when a count reaches
/// its limit within the failure window, that key is locked out for the lockout duration and even the right
/// secret is refused. Keying on the pair (not the client ID alone) means an attacker elsewhere cannot lock a
/// retailer out of its own systems by guessing against its client ID. Staff log-ins at the gateway's log-in page
/// are counted per account and per browser address instead (<see cref="StaffFailed"/>).
/// </summary>
internal sealed class Lockout(GatewayLimits limits, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);

    /// <summary>Counts failures and lock-outs begun (the gateway's metrics).</summary>
    public Observability.GatewayMetrics? Metrics { get; init; }

    /// <summary>If <paramref name="clientId"/> from <paramref name="address"/> is locked out, how long is left.</summary>
    public TimeSpan? LockedFor(string? clientId, string address)
    {
        var now = clock.GetUtcNow();
        var pair = Remaining(PairKey(clientId, address), now);
        var byAddress = Remaining(AddressKey(address), now);
        return (pair, byAddress) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => a > b ? a : b,
        };
    }

    public void Failed(string? clientId, string address)
    {
        var now = clock.GetUtcNow();
        Metrics?.Failed("client");
        Count(PairKey(clientId, address), limits.FailuresBeforeLockout, now);
        Count(AddressKey(address), limits.FailuresPerAddressBeforeLockout, now);
    }

    public void Succeeded(string? clientId, string address) => counters.TryRemove(PairKey(clientId, address), out _);

    /// <summary>
    /// If the staff account <paramref name="userName"/>, or the browser's address <paramref name="endUserAddress"/>
    /// (may be null), is locked out, how long is left.
    /// </summary>
    public TimeSpan? StaffLockedFor(string userName, string? endUserAddress)
    {
        var now = clock.GetUtcNow();
        var account = Remaining(StaffKey(userName), now);
        var byAddress = endUserAddress is null ? null : Remaining(AddressKey(endUserAddress), now);
        return (account, byAddress) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => a > b ? a : b,
        };
    }

    /// <summary>
    /// A wrong password (or a missing staff certificate) for <paramref name="userName"/> at the gateway's log-in
    /// page, from the browser at <paramref name="endUserAddress"/> (may be null). Counted against the account
    /// (<see cref="GatewayLimits.FailuresBeforeLockout"/>) and that address
    /// (<see cref="GatewayLimits.FailuresPerAddressBeforeLockout"/>): a guesser is stopped whichever one it varies.
    /// </summary>
    public void StaffFailed(string userName, string? endUserAddress)
    {
        var now = clock.GetUtcNow();
        Metrics?.Failed("staff");
        Count(StaffKey(userName), limits.FailuresBeforeLockout, now);
        if (endUserAddress is not null)
        {
            Count(AddressKey(endUserAddress), limits.FailuresPerAddressBeforeLockout, now);
        }
    }

    public void StaffSucceeded(string userName) => counters.TryRemove(StaffKey(userName), out _);

    private TimeSpan? Remaining(string key, DateTimeOffset now) =>
        counters.TryGetValue(key, out var c) && c.LockedUntil is { } until && until > now ? until - now : null;

    private void Count(string key, int limit, DateTimeOffset now)
    {
        var counter = counters.AddOrUpdate(
            key,
            _ => Next(new Counter(0, now, null), limit, now),
            (_, c) => Next(c, limit, now));
        if (counter.LockedUntil is not null && counter.WindowStart == now && Metrics is { } metrics)
        {
            metrics.LockedOut(key[0] switch { 'c' => "client", 'a' => "address", _ => "staff" });
        }
    }

    private Counter Next(Counter c, int limit, DateTimeOffset now)
    {
        if (c.LockedUntil is { } until && until > now)
        {
            return c;
        }

        var fresh = c.LockedUntil is not null || now - c.WindowStart > limits.FailureWindow;
        var failures = fresh ? 1 : c.Failures + 1;
        var start = fresh ? now : c.WindowStart;
        return failures >= limit ? new Counter(0, now, now + limits.LockoutDuration) : new Counter(failures, start, null);
    }

    private static string PairKey(string? clientId, string address) => "c|" + (clientId ?? string.Empty) + "|" + address;

    private static string AddressKey(string address) => "a|" + address;

    private static string StaffKey(string userName) => "s|" + userName;

    private readonly record struct Counter(int Failures, DateTimeOffset WindowStart, DateTimeOffset? LockedUntil);
}
