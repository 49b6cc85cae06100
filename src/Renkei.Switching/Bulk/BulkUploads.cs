using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Formats.Switching;
using Renkei.Formats.Switching.Bulk;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Store;

namespace Renkei.Switching.Bulk;

/// <summary>
/// 一括申請: a bulk file is a batch of independent applications. Each row goes to its kind's handler
/// (<see cref="ISubmitHandler{TRequest, TView}"/>, the single route's), in a transaction of its own under an
/// Idempotency-Key derived from the file's key and its line, so a valid row becomes an application, a refused row
/// answers every reason, and an upload cut short and sent again creates no row twice. The result of the whole file
/// is kept under the file's key: the same file again answers the same result file.
/// </summary>
/// <remarks>
/// The rows run on <see cref="Workers"/> scopes at once (each its own context, as concurrent requests would), a
/// supply point's rows on one of them in file order, so a later row of the same point sees the earlier one.
/// </remarks>
internal sealed class BulkUploads(IServiceScopeFactory scopes, SwitchingDbContext db, ApplicationPipeline pipeline)
{
    /// <summary>The code of a fault of form on a row (a field that is not a date, a control character, …).</summary>
    public const string MalformedCode = "CSV001";

    /// <summary>Rows submitted at once.</summary>
    public const int Workers = 8;

    /// <summary>
    /// Reads <paramref name="text"/> as a file of <paramref name="kind"/> and submits its rows; the result file, or
    /// why the file as a whole is refused (not a file of that kind, or the key used for another file).
    /// </summary>
    public async Task<BulkUpload> UploadAsync<THandler, TRequest, TView>(
        string caller, BulkKind<TRequest> kind, string text, string key, Func<TView, BulkShown> shown, CancellationToken cancellationToken)
        where THandler : ISubmitHandler<TRequest, TView>
        where TRequest : class
        where TView : class
    {
        ArgumentNullException.ThrowIfNull(kind);
        var parsed = kind.Parse(text);
        if (parsed.Refused)
        {
            return new BulkUpload(null, [.. parsed.FileErrors.Select(e => new BatchError(e.Line, MalformedCode, e.Field, e.Message, "ファイル形式の誤り: " + kind.Name + " のファイルではありません"))], false);
        }

        var hash = ApplicationPipeline.Hash("bulk-" + kind.Name, text);
        if (await PriorAsync(caller, key, hash, kind, cancellationToken).ConfigureAwait(false) is { } prior)
        {
            return prior;
        }

        var results = new BulkRowResult[parsed.Rows.Count];
        var rowKey = RowKeyPrefix(key);
        var partitions = Enumerable.Range(0, parsed.Rows.Count)
            .GroupBy(i => (uint)StringComparer.Ordinal.GetHashCode(parsed.Rows[i].SupplyPointId ?? string.Empty) % Workers);
        await Task.WhenAll(partitions.Select(async rows =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            foreach (var i in rows)
            {
                results[i] = await SubmitRowAsync(handler, caller, kind, parsed.Rows[i], rowKey, shown, cancellationToken).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);

        var json = JsonSerializer.Serialize(results, ApplicationPipeline.Json);
        using (await pipeline.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            db.ChangeTracker.Clear();
            db.IdempotencyRecords.Add(pipeline.Record(caller, key, hash, 200, json));
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                // The same key came with a file at the same time, and its result was kept first: answer that.
                db.ChangeTracker.Clear();
                return await PriorAsync(caller, key, hash, kind, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"the result of the file under key '{key}' could not be kept");
            }
        }

        await pipeline.WaitDurableAsync(cancellationToken).ConfigureAwait(false);
        return new BulkUpload(BulkResultFile.Write(kind, results), [], false);
    }

    /// <summary>
    /// One row through its handler: submitted when it has no fault of form; else a dry run of what it has, so the
    /// result lists the faults and every rule the rest of the row fails.
    /// </summary>
    private static async Task<BulkRowResult> SubmitRowAsync<TRequest, TView>(
        ISubmitHandler<TRequest, TView> handler, string caller, BulkKind<TRequest> kind, BulkRow<TRequest> row, string rowKey, Func<TView, BulkShown> shown, CancellationToken cancellationToken)
        where TRequest : class
        where TView : class
    {
        var errors = row.Faults.Select(f => new RuleViolation(MalformedCode, f.Field, f.Message, $"{f.Field}: 形式の誤り")).ToList();
        if (row.Request is null)
        {
            return new BulkRowResult(row.Line, row.SupplyPointId, null, null, null, errors);
        }

        var dryRun = errors.Count > 0;
        var outcome = await handler.SubmitAsync(caller, row.Request, dryRun ? null : rowKey + row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), dryRun, cancellationToken).ConfigureAwait(false);
        errors.AddRange(outcome.Errors.Where(e => !row.FaultedProperties.Contains(e.Field)).Select(e => e with { Field = kind.Columns.FirstOrDefault(c => c.Property == e.Field)?.Name ?? e.Field }));
        if (errors.Count > 0 || outcome.Result is null)
        {
            return new BulkRowResult(row.Line, row.SupplyPointId, null, null, null, errors);
        }

        var (number, status, date) = shown(outcome.Result);
        return new BulkRowResult(row.Line, row.SupplyPointId, number, status, date, []);
    }

    /// <summary>The result kept for the file's key, or the conflict when the key came with another file; null when the key is new.</summary>
    private async Task<BulkUpload?> PriorAsync(string caller, string key, string hash, BulkKind kind, CancellationToken cancellationToken)
    {
        var prior = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.RetailerCode == caller && r.Key == key, cancellationToken)
            .ConfigureAwait(false);
        if (prior is null)
        {
            return null;
        }

        if (prior.RequestHash != hash)
        {
            var conflict = ApplicationPipeline.Conflict(key);
            return new BulkUpload(null, [new BatchError(0, conflict.Code, conflict.Field, conflict.Message, conflict.MessageJa)], false);
        }

        await pipeline.WaitDurableAsync(cancellationToken).ConfigureAwait(false);
        var results = JsonSerializer.Deserialize<List<BulkRowResult>>(prior.ResponseJson, ApplicationPipeline.Json)!;
        return new BulkUpload(BulkResultFile.Write(kind, results), [], true);
    }

    /// <summary>The rows' keys: a digest of the file's key (any length up to 100) and the line, e.g. <c>bulk:1A2B…:17</c>.</summary>
    private static string RowKeyPrefix(string key) =>
        "bulk:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + ":";
}

/// <summary>What a result row shows of an accepted row: its number, status and date.</summary>
internal readonly record struct BulkShown(string Number, string Status, DateOnly? Date);

/// <summary>A bulk upload's answer: the result file, or why the file as a whole was refused; whether it was kept from before.</summary>
internal sealed record BulkUpload(string? ResultFile, IReadOnlyList<BatchError> Errors, bool Replayed);
