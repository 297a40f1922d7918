using BenchmarkDotNet.Attributes;
using Bunq.Emulator;

namespace Bunq.Benchmarks;

/// <summary>P4: cold bootstrap (key generation + installation, device-server, session-server) vs a restored context, to the first successful call.</summary>
[MemoryDiagnoser]
public class StartupCost
{
    private BunqEmulator _bunq = null!;
    private string _apiKey = "";
    private IBunqContextStore _saved = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        _apiKey = _bunq.CreateSandboxUser();
        _saved = BunqContextStore.InMemory();
        await using RateProbeClient client = await RateProbeClient.ConnectAsync(Options(_saved));
    }

    [Benchmark(Baseline = true, Description = "restored context + first call")]
    public async Task<int> Restored()
    {
        await using RateProbeClient client = await RateProbeClient.ConnectAsync(Options(_saved));
        return (await client.RateProbe.UsersAsync()).Items.Count;
    }

    [Benchmark(Description = "cold bootstrap + first call")]
    public async Task<int> Cold()
    {
        await using RateProbeClient client = await RateProbeClient.ConnectAsync(Options(BunqContextStore.InMemory()));
        return (await client.RateProbe.UsersAsync()).Items.Count;
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _bunq.DisposeAsync();

    private BunqOptions Options(IBunqContextStore store)
    {
        var options = new BunqOptions { BaseAddress = _bunq.BaseAddress, ApiKey = _apiKey, ContextStore = store, RateLimits = BunqRateLimits.None };
        options.CertificatePins.Add(_bunq.Pin);
        return options;
    }
}
