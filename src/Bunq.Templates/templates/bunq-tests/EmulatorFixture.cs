using Bunq;
using Bunq.Emulator;

namespace BunqTests;

/// <summary>
/// One offline bunq emulator per test class (xunit makes one fixture per class that asks for it): bunq's API over HTTPS
/// on loopback, with its signatures, sessions and sandbox users, and faults on request.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public BunqEmulator Bunq { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });

    public async Task DisposeAsync() => await Bunq.DisposeAsync();

    /// <summary>The app's "Bunq" configuration section for a new sandbox user of this emulator (as user secrets would give it).</summary>
    public Dictionary<string, string?> ConfigurationForNewUser() => new()
    {
        ["Bunq:BaseAddress"] = Bunq.BaseAddress.ToString(),
        ["Bunq:CertificatePins:0"] = Bunq.Pin,
        ["Bunq:ApiKey"] = Bunq.CreateSandboxUser(),
        // bunq's retry rules with millisecond waits: a test that meets a queued server error need not sit through
        // production back-off (1 s, doubling)
        ["Bunq:Retry:BaseDelay"] = "00:00:00.005",
        ["Bunq:Retry:RateLimitDelay"] = "00:00:00.005",
    };
}
