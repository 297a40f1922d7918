namespace BunqApp;

/// <summary>Reports the accounts once an hour (the first time at start), until the host stops.</summary>
public sealed class Worker(AccountReport report, ILogger<Worker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            foreach (string line in await report.DescribeAccountsAsync(stoppingToken))
            {
                logger.LogInformation("{Account}", line);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
