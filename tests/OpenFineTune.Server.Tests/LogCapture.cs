using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OpenFineTune.Server.Tests;

/// <summary>Collects what the server logs, to check that a 500 is logged with its request id.</summary>
sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(string Category, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose() { }

    sealed class Logger(string category, LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? e, Func<TState, Exception?, string> format) =>
            owner.Entries.Enqueue((category, format(state, e), e));
    }
}
