namespace Bunq.Emulator.Fixture.Tests;

/// <summary>
/// One emulator for a whole test class (xunit makes one fixture per class that asks for it): starting it once keeps
/// the class fast; each test clears the faults it queued, so no test sees another's.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public BunqEmulator Bunq { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });

    public async Task DisposeAsync() => await Bunq.DisposeAsync();

    /// <summary>Options for your client against this emulator, as a new sandbox user.</summary>
    public BunqOptions OptionsForNewUser()
    {
        var options = new BunqOptions
        {
            BaseAddress = Bunq.BaseAddress,
            ApiKey = Bunq.CreateSandboxUser(),
            // The same retry rules as in production with millisecond waits: a test that queues server errors should not
            // sit through bunq-sized back-off (1 s doubling by default, which made a class of this sample take ~10 s).
            Retry = new BunqRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), RateLimitDelay = TimeSpan.FromMilliseconds(5) },
        };
        options.CertificatePins.Add(Bunq.Pin);
        return options;
    }
}
