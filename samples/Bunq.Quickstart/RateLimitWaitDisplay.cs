using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Bunq.Quickstart;

/// <summary>
/// The library's log, reduced to the one line a person at the terminal wants: why the run pauses. The client logs every
/// wait for bunq's rate limit at Information (event 2008, "Waiting about 30.1 s for bunq's rate limit before POST
/// /session-server"); this shows it above the spinner and drops everything else.
/// </summary>
internal sealed class RateLimitWaitDisplay : ILoggerFactory, ILogger
{
    /// <summary>The library's event id for a wait for a rate-limit permit.</summary>
    private const int RateLimitWait = 2008;

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == RateLimitWait && logLevel >= LogLevel.Information)
        {
            AnsiConsole.MarkupLine("[yellow]…[/] " + Markup.Escape(formatter(state, exception)));
        }
    }

    public void Dispose()
    {
    }
}
