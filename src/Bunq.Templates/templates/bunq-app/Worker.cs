using Bunq;

namespace BunqApp;

/// <summary>
/// Reports the accounts once an hour (the first time at start), until the host stops. A report that fails (bunq
/// unreachable, a call refused, an answer whose signature does not verify) is logged and the next tick tries again:
/// one bad hour must not stop the app.
/// </summary>
public sealed class Worker(AccountReport report, ILogger<Worker> logger) : BackgroundService
{
    /// <summary>Time between reports.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                foreach (string line in await report.DescribeAccountsAsync(stoppingToken))
                {
                    logger.LogInformation("{Account}", line);
                }
            }
            catch (BunqException e) when (e is not BunqConfigurationException && !stoppingToken.IsCancellationRequested)
            {
                // The library's messages name the call, never a key or token; control characters are dropped anyway, as
                // bunq's own error text is part of some. A wrong setting does not heal by waiting: that one stops the app.
                logger.LogError("The account report failed ({Error}: {Message}); trying again in {Interval}",
                    e.GetType().Name, Printable(e.Message), Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
