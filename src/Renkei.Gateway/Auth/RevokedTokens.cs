using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using Renkei.Gateway.Store;

namespace Renkei.Gateway.Auth;

/// <summary>
/// The IDs of revoked access tokens that have not expired yet, in memory, so every request checks revocation
/// with one hash lookup instead of a database query. Filled from the store at start and by the revocation
/// endpoint; entries whose token has expired anyway are dropped as they are met.
/// </summary>
internal sealed class RevokedTokens(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> revoked = new(StringComparer.Ordinal);

    public int Count => revoked.Count;

    public void Add(string tokenId, DateTimeOffset expires) => revoked[tokenId] = expires;

    /// <summary>Adds every token the store holds as revoked and not yet expired.</summary>
    public async Task LoadAsync(GatewayDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var now = clock.GetUtcNow().UtcDateTime;
        var stillLive = await db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Status == OpenIddictConstants.Statuses.Revoked && t.ExpirationDate > now)
            .Select(t => new { t.Id, t.ExpirationDate })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var t in stillLive)
        {
            Add(t.Id!, new DateTimeOffset(DateTime.SpecifyKind(t.ExpirationDate!.Value, DateTimeKind.Utc)));
        }
    }

    public bool Contains(string? tokenId)
    {
        // TryGetValue reads without locks; IsEmpty (or Count) would take every lock of the dictionary when it is
        // empty, which it nearly always is, and all requests would queue on them.
        if (tokenId is null || !revoked.TryGetValue(tokenId, out var expires))
        {
            return false;
        }

        if (expires <= clock.GetUtcNow())
        {
            revoked.TryRemove(tokenId, out _);
        }

        return true;
    }
}
