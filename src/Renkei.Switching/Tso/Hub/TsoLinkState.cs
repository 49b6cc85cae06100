using Microsoft.Extensions.Logging;

namespace Renkei.Switching.Tso.Hub;

/// <summary>
/// Whether one area's TSO node is getting the hub's orders, for the operator: a warning when it stops answering
/// (the first failed try), one when it answers again (with the failed tries in between and how long it took), and
/// each try in between at debug level only, so a node that is down for an hour is two warnings, not one per try.
/// </summary>
internal sealed partial class TsoLinkState(int area, ILogger logger)
{
    private int failedAttempts;
    private DateTimeOffset downSince;

    /// <summary>Failed tries since the last answer (0: the node answers).</summary>
    public int FailedAttempts => failedAttempts;

    /// <summary>A try got no answer (or an answer the hub could not apply); the next comes after <paramref name="nextIn"/>.</summary>
    public void Failed(Exception error, TimeSpan nextIn)
    {
        if (failedAttempts++ == 0)
        {
            downSince = DateTimeOffset.UtcNow;
            LogDown(logger, area, error.Message);
        }

        LogAttempt(logger, area, failedAttempts, nextIn.TotalSeconds, error.Message);
    }

    /// <summary>A round went through.</summary>
    public void Answered()
    {
        if (failedAttempts == 0)
        {
            return;
        }

        LogUp(logger, area, failedAttempts, (DateTimeOffset.UtcNow - downSince).TotalSeconds);
        failedAttempts = 0;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "TSO of area {Area}: orders not getting through, kept in the outbox and sent again with backoff: {Error}")]
    private static partial void LogDown(ILogger logger, int area, string error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "TSO of area {Area}: try {Attempt} failed, next in {NextSeconds:F1} s: {Error}")]
    private static partial void LogAttempt(ILogger logger, int area, int attempt, double nextSeconds, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "TSO of area {Area}: answering again after {FailedAttempts} failed tries ({Seconds:F0} s); the outbox is being delivered")]
    private static partial void LogUp(ILogger logger, int area, int failedAttempts, double seconds);
}
