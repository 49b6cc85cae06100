using Microsoft.Extensions.Logging;

namespace Renkei.Switching.Tests.Support;

/// <summary>A logger that keeps every record (event ID, level, message) and lets a test wait until the records meet a condition.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<Record> records = [];
    private readonly List<(Func<IReadOnlyList<Record>, bool> Condition, TaskCompletionSource Met)> waiters = [];

    public IReadOnlyList<Record> Records
    {
        get
        {
            lock (records)
            {
                return [.. records];
            }
        }
    }

    /// <summary>Completes once the records meet <paramref name="condition"/> (at once if they already do).</summary>
    public Task WaitForAsync(Func<IReadOnlyList<Record>, bool> condition)
    {
        lock (records)
        {
            if (condition(records))
            {
                return Task.CompletedTask;
            }

            var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((condition, met));
            return met.Task;
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (records)
        {
            records.Add(new Record(eventId.Id, logLevel, formatter(state, exception)));
            for (var i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Condition(records))
                {
                    waiters[i].Met.TrySetResult();
                    waiters.RemoveAt(i);
                }
            }
        }
    }

    public sealed record Record(int EventId, LogLevel Level, string Message);
}
