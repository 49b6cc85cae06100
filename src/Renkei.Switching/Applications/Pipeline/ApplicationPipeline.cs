using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.Pipeline;

/// <summary>
/// The transaction every submission runs in. It first takes the supply point's row lock (an UPDATE of its
/// version), so two submissions for one point are serialised on SQLite and PostgreSQL alike and exactly one of two
/// competing applications wins; then the process's work reads the point's state, checks its rules and writes; an
/// accepted result commits with its events (<see cref="ApplicationLedger"/>) and its idempotency record, and is
/// answered once the commit is durable. A repeated Idempotency-Key is answered from its record.
/// </summary>
internal sealed class ApplicationPipeline(
    SwitchingDbContext db, ApplicationLedger ledger, TimeProvider clock, WriteGate? writeGate = null, WalGroupSync? durability = null)
{
    public const string IdempotencyConflictCode = "SW090";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The hash an idempotency record keeps of a request: the operation and the request's JSON.</summary>
    public static string Hash(string operation, object request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(operation + "\n" + JsonSerializer.Serialize(request, request.GetType(), Json))));
    }

    /// <summary>
    /// One submission: a transaction that takes the point's lock, runs the work, and commits only an accepted,
    /// non-dry-run result (with its idempotency record); the answer waits until the commit is durable.
    /// <paramref name="recordAs"/> shapes the answer kept for repeats (a secret shown once is left out).
    /// </summary>
    /// <remarks>
    /// The idempotency key is looked up only when it can matter, to save a round trip on the common path: an accepted
    /// result whose key was used before fails to insert its record (primary key), rolls back and is answered from the
    /// record; a failed result looks the key up after the rollback, since a repeat of an accepted request usually
    /// fails its rules (the first application now competes with it).
    /// </remarks>
    public async Task<Submission<T>> RunAsync<T>(
        string caller,
        string? idempotencyKey,
        string requestHash,
        string? pointId,
        bool dryRun,
        Func<Task<Submission<T>>> work,
        CancellationToken cancellationToken,
        Func<Submission<T>, Submission<T>>? recordAs = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(work);
        var keyed = !dryRun && idempotencyKey is not null;
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            ledger.Clear();
            Submission<T> outcome;
            using (var turn = await EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                if (pointId is not null)
                {
                    await LockPointAsync(pointId, cancellationToken).ConfigureAwait(false);
                }

                if (keyed && attempt > 0 && await ReplayAsync<T>(caller, idempotencyKey!, requestHash, cancellationToken).ConfigureAwait(false) is { } earlier)
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return earlier;
                }

                outcome = await work().ConfigureAwait(false);
                if (dryRun || !outcome.Accepted)
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    db.ChangeTracker.Clear();
                }
                else
                {
                    await ledger.FlushEventsAsync(cancellationToken).ConfigureAwait(false);
                    if (idempotencyKey is not null)
                    {
                        db.IdempotencyRecords.Add(Record(caller, idempotencyKey, requestHash, 201, JsonSerializer.Serialize(recordAs is null ? outcome : recordAs(outcome), Json)));
                    }

                    try
                    {
                        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (DbUpdateException) when (attempt == 0 && keyed)
                    {
                        // The key was used before (or concurrently): answer from its record on the next attempt.
                        await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }
            }

            if (dryRun)
            {
                return outcome with { DryRun = true };
            }

            if (!outcome.Accepted)
            {
                return keyed && await ReplayAsync<T>(caller, idempotencyKey!, requestHash, cancellationToken).ConfigureAwait(false) is { } earlier
                    ? earlier
                    : outcome;
            }

            await WaitDurableAsync(cancellationToken).ConfigureAwait(false);
            return outcome;
        }
    }

    /// <summary>A step of the hub's own (deadlines, TSO answers): the point's lock, no idempotency key; true when <paramref name="work"/> accepted and committed.</summary>
    public async Task<bool> RunHubStepAsync(string pointId, Func<Task<Submission<object>>> work, CancellationToken cancellationToken) =>
        (await RunAsync(ApplicationLedger.HubActor, null, string.Empty, pointId, false, work, cancellationToken).ConfigureAwait(false)).Accepted;

    /// <summary>The first answer to an idempotency key (or the conflict when the key came with another request); null when the key is new.</summary>
    public async Task<Submission<T>?> ReplayAsync<T>(string caller, string idempotencyKey, string requestHash, CancellationToken cancellationToken)
        where T : class
    {
        var prior = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.RetailerCode == caller && r.Key == idempotencyKey, cancellationToken)
            .ConfigureAwait(false);
        if (prior is null)
        {
            return null;
        }

        if (prior.RequestHash != requestHash)
        {
            return Submissions.Failed<T>([Conflict(idempotencyKey)]);
        }

        // The recorded answer may be committed but not yet durable (group commit): wait as its first request did.
        await WaitDurableAsync(cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize<Submission<T>>(prior.ResponseJson, Json)! with { Replayed = true };
    }

    /// <summary>SQLite: the turn in the node's single line of writers (none on PostgreSQL).</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken) =>
        writeGate is null ? null : await writeGate.EnterAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>On SQLite with group commit, returns once every commit so far is on disk; at once otherwise.</summary>
    public Task WaitDurableAsync(CancellationToken cancellationToken) =>
        durability is null ? Task.CompletedTask : durability.WaitDurableAsync(cancellationToken);

    /// <summary>
    /// The supply point's row lock: an UPDATE of its version, held to the end of the transaction. Every transaction
    /// that changes a point's applications takes it first, so they are serialised per point on both databases.
    /// </summary>
    private Task<int> LockPointAsync(string pointId, CancellationToken cancellationToken) =>
        db.SupplyPoints.Where(p => p.Id == pointId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);

    /// <summary>The record that answers a repeat of <paramref name="key"/> with <paramref name="response"/>.</summary>
    public IdempotencyRecord Record(string caller, string key, string hash, int status, string response) => new()
    {
        RetailerCode = caller,
        Key = key,
        RequestHash = hash,
        StatusCode = status,
        ResponseJson = response,
        CreatedAt = clock.GetUtcNow(),
    };

    /// <summary>The failed rule of a key that came before with another request (409).</summary>
    public static RuleViolation Conflict(string key) => new(IdempotencyConflictCode, "Idempotency-Key", ConflictMessage(key), ConflictMessageJa);

    private static string ConflictMessage(string key) => $"idempotency key '{key}' was used before for a different request";

    private const string ConflictMessageJa = "冪等キーは別の申込で使用済みです";
}
