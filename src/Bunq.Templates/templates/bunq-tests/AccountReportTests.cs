using Bunq;
using Bunq.Emulator;
using BunqApp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BunqTests;

/// <summary>The app's code, wired as the app wires it (the generated AddBank), against the emulator.</summary>
public sealed class AccountReportTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly string _contextFile = Path.Combine(Path.GetTempPath(), $"bunq-context-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task A_new_sandbox_user_has_one_euro_account()
    {
        await using ServiceProvider services = Services(emulator.ConfigurationForNewUser());

        IReadOnlyList<string> lines = await services.GetRequiredService<AccountReport>().DescribeAccountsAsync();

        Assert.EndsWith(" EUR", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_answer_never_reaches_the_app()
    {
        await using ServiceProvider services = Services(emulator.ConfigurationForNewUser());
        AccountReport report = services.GetRequiredService<AccountReport>();
        await report.DescribeAccountsAsync(); // the session is open; now bunq's next answer is tampered with

        emulator.Bunq.Faults.Inject(new BunqFault(BunqFaultKind.TamperBody, PathContains: "/monetary-account-bank"));

        await Assert.ThrowsAsync<BunqSignatureException>(() => report.DescribeAccountsAsync());
    }

    [Fact]
    public async Task A_restart_reuses_the_saved_context()
    {
        Dictionary<string, string?> configuration = emulator.ConfigurationForNewUser();
        await using (ServiceProvider first = Services(configuration))
        {
            await first.GetRequiredService<AccountReport>().DescribeAccountsAsync();
        }

        int contextCalls = emulator.Bunq.Requests.Count(r => r.Path.EndsWith("/session-server", StringComparison.Ordinal));
        await using ServiceProvider second = Services(configuration);
        await second.GetRequiredService<AccountReport>().DescribeAccountsAsync();

        Assert.Equal(contextCalls, emulator.Bunq.Requests.Count(r => r.Path.EndsWith("/session-server", StringComparison.Ordinal)));
    }

    /// <summary>Faults a test queued but did not use must not reach the next test of the class.</summary>
    public void Dispose()
    {
        emulator.Bunq.Faults.Clear();
        File.Delete(_contextFile);
    }

    /// <summary>The app's registrations (Program.cs) over the given configuration, with the context in a file of this test.</summary>
    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBank(configuration.GetSection("Bunq"), options => options.ContextStore = BunqContextStore.File(_contextFile));
        services.AddSingleton<AccountReport>();
        return services.BuildServiceProvider();
    }
}
