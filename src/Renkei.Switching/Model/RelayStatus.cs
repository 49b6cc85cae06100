namespace Renkei.Switching.Model;

/// <summary>
/// The statuses of a 廃止取次. 01, 02, 04 and 05 are the market's; the market's 03, 06 and 07 are NG variants
/// whose names are not public, and Renkei defines them as below (docs/architecture.md).
/// </summary>
public static class RelayStatus
{
    /// <summary>01 取次中: awaiting the current retailer's decision.</summary>
    public const string AwaitingDecision = "01";

    /// <summary>02 OK: decided OK; the switch-out is in, waiting for the switch-in.</summary>
    public const string DecidedOk = "02";

    /// <summary>03 NG: the current retailer decided NG (reasons in <see cref="CancellationRelay.NgReasons"/>).</summary>
    public const string DecidedNg = "03";

    /// <summary>04 マッチング済 OK: matched with the switch-in; the switch is completed.</summary>
    public const string MatchedOk = "04";

    /// <summary>
    /// 05 マッチング NG: matched, then the switch was not carried out: the area's TSO refused it (SW009, reason in
    /// <see cref="CancellationRelay.ReasonCode"/> / <see cref="CancellationRelay.ReasonMessage"/>). Final.
    /// </summary>
    public const string MatchedNg = "05";

    /// <summary>06 期限切れ: not decided or not matched by the deadline; rejected.</summary>
    public const string Expired = "06";

    /// <summary>07 取下げ: withdrawn by the new retailer before a decision.</summary>
    public const string Withdrawn = "07";

    public static bool IsOpen(string status) => status is AwaitingDecision or DecidedOk;

    public static string NameOf(string status) => status switch
    {
        AwaitingDecision => "awaiting_decision",
        DecidedOk => "decided_ok",
        DecidedNg => "decided_ng",
        MatchedOk => "matched_ok",
        MatchedNg => "matched_ng",
        Expired => "expired",
        Withdrawn => "withdrawn",
        _ => "unknown",
    };
}
