using System.Collections.Concurrent;
using Bunq;
using Bunq.Emulator;
using BunqApp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BunqTests;

/// <summary>The app's worker: a failed report is logged and the next tick reports again; stopping the host stops it.</summary>
public sealed class WorkerTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _contextFile = Path.Combine(Path.GetTempPath(), $"bunq-context-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task A_failed_report_is_logged_and_the_next_tick_reports_again_until_the_host_stops()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(emulator.ConfigurationForNewUser()).Build();
        await using ServiceProvider services = new ServiceCollection().AddLogging()
            .AddBank(configuration.GetSection("Bunq"), options => options.ContextStore = BunqContextStore.File(_contextFile))
            .AddSingleton<AccountReport>().BuildServiceProvider();
        // the first report's answer is tampered with: the client refuses it (BunqSignatureException)
        emulator.Bunq.Faults.Inject(new BunqFault(BunqFaultKind.TamperBody, PathContains: "/monetary-account-bank"));
        var log = new CapturedLog();
        using var worker = new Worker(services.GetRequiredService<AccountReport>(), log) { Interval = TimeSpan.FromMilliseconds(10) };

        await worker.StartAsync(CancellationToken.None);
        await log.Reported.WaitAsync(TimeSpan.FromMinutes(1));
        await worker.StopAsync(CancellationToken.None);

        (LogLevel level, string message) = log.Entries.First();
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains("BunqSignatureException", message, StringComparison.Ordinal);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Information && e.Message.EndsWith(" EUR", StringComparison.Ordinal));
        Assert.False(worker.ExecuteTask!.IsFaulted); // a fault would have stopped the whole host
        Assert.True(worker.ExecuteTask.IsCompleted); // stopped when asked, not at the next tick
    }

    public void Dispose()
    {
        emulator.Bunq.Faults.Clear();
        File.Delete(_contextFile);
    }

    /// <summary>The worker's log lines; <see cref="Reported"/> completes at the first account line.</summary>
    private sealed class CapturedLog : ILogger<Worker>
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();
        private readonly TaskCompletionSource _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

        public Task Reported => _reported.Task;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            _entries.Enqueue((logLevel, formatter(state, exception)));
            if (logLevel == LogLevel.Information)
            {
                _reported.TrySetResult();
            }
        }
    }
}
