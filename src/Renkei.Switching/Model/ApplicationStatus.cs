using System.Collections.Frozen;

namespace Renkei.Switching.Model;

/// <summary>
/// 受付工程: the processing stage of an application, with the transitions the hub allows. Codes follow the
/// market's: 01–04 in progress, 05 matched, 06 completed, 08 withdrawn (completed as a withdrawal), 09 rejected.
/// </summary>
public static class ApplicationStatus
{
    /// <summary>受付: received and valid; waiting for the counterpart (switch-out, 廃止取次 decision).</summary>
    public const string Received = "01";

    /// <summary>差戻し: returned to the retailer for correction.</summary>
    public const string ReturnedForCorrection = "03";

    /// <summary>再判定 (in progress): the retailer sent a correction of a returned application.</summary>
    public const string InProgress = "04";

    /// <summary>マッチング完了: switch-in and switch-out both in; locked against change by the retailers.</summary>
    public const string Matched = "05";

    /// <summary>完了: completed; the wheeling contracts are changed.</summary>
    public const string Completed = "06";

    /// <summary>
    /// 送配電処理中: a kind without a counterpart (move-in, move-out) handed to an area TSO in its own process,
    /// waiting for the TSO's answer (docs/architecture.md, "The hub and the TSOs"). Not swept by deadlines.
    /// </summary>
    public const string AtTso = "10";

    /// <summary>取下げ完了: withdrawn by the retailer before matching.</summary>
    public const string Withdrawn = "08";

    /// <summary>完了(NG): rejected, with a reason.</summary>
    public const string Rejected = "09";

    private static readonly FrozenDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        // Received → Completed: kinds without a counterpart (move-in, move-out) are completed by the TSO directly.
        [Received] = [Matched, Completed, ReturnedForCorrection, Withdrawn, Rejected, AtTso],
        [AtTso] = [Completed, Rejected],
        [ReturnedForCorrection] = [InProgress, Withdrawn, Rejected],
        [InProgress] = [Matched, ReturnedForCorrection, Withdrawn, Rejected],
        [Matched] = [Completed, Rejected],
        [Completed] = [],
        [Withdrawn] = [],
        [Rejected] = [],
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Received] = "received",
        [ReturnedForCorrection] = "returned_for_correction",
        [InProgress] = "in_progress",
        [Matched] = "matched",
        [Completed] = "completed",
        [AtTso] = "at_tso",
        [Withdrawn] = "withdrawn",
        [Rejected] = "rejected",
    }.ToFrozenDictionary();

    /// <summary>True for the stages from which nothing moves on (completed, withdrawn, rejected).</summary>
    public static bool IsFinal(string status) => Allowed.TryGetValue(status, out var next) && next.Length == 0;

    /// <summary>True while the application can still be matched (received or in progress).</summary>
    public static bool IsOpen(string status) => status is Received or InProgress;

    public static bool CanMove(string from, string to) => Allowed.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>The English name of a status code (e.g. "matched").</summary>
    public static string NameOf(string status) => Names.TryGetValue(status, out var name) ? name : "unknown";

    /// <summary>Moves <paramref name="application"/> to <paramref name="to"/>, or throws if the status machine forbids it.</summary>
    public static void Move(Application application, string to, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (!CanMove(application.Status, to))
        {
            throw new InvalidOperationException(
                $"application {application.Number} cannot move from {NameOf(application.Status)} ({application.Status}) to {NameOf(to)} ({to})");
        }

        application.Status = to;
        application.UpdatedAt = at;
    }
}
