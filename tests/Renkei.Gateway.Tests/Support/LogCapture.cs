using Microsoft.Extensions.Logging;

namespace Renkei.Gateway.Tests.Support;

/// <summary>A logger provider that keeps every record (category, event ID, level, message) for a test to read.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly List<Record> records = [];

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

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Record(string Category, int EventId, LogLevel Level, string Message);

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.records)
            {
                owner.records.Add(new Record(category, eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }
}
