namespace Renkei.Metering.Hes;

/// <summary>
/// The slots waiting for a failing history store hold as much memory as they may
/// (<see cref="Engine.IntervalEngineOptions.HistoryBacklogBytes"/>): nothing of the batch was logged or applied, and
/// the same batch may be sent again once the store takes writes.
/// </summary>
internal sealed class HistoryBacklogFullException(long pendingBytes, long limit)
    : IOException(string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"the slots waiting for the history store hold {pendingBytes:N0} bytes, at most {limit:N0}; the batch was not accepted"));
