using Bunq.Testing;

namespace Bunq.Client.Tests;

/// <summary>Runs alone: a telemetry listener left on by a test running beside it would make the pipeline record spans.</summary>
[CollectionDefinition(nameof(AllocationGuard), DisableParallelization = true)]
public sealed class AllocationGuard;

/// <summary>
/// Guards P1 of docs/benchmarks.md in bytes, never in time: what the bunq handlers allocate per signed call, measured
/// as the difference between the generated client over the whole pipeline and the same Refit client over the same
/// in-memory transport without any bunq handler (P1's own, <see cref="InMemoryBunq"/>). Over that transport every
/// handler completes synchronously, so <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees the whole call, and the
/// count is the same on every run
/// (the least of a few batches is taken, so a stray allocation — a tiered-JIT promotion, a first-use cache — cannot
/// fail it). The bound sits a little above the measured figure: a change that adds an allocation to every call fails here.
/// </summary>
[Collection(nameof(AllocationGuard))]
public sealed class AllocationGuardTests : IDisposable
{
    // Measured here: 1,632 B on .NET 10.0 (2,336 B before "P1 round four" of docs/benchmarks.md; the benchmark there has a
    // larger body and another route). The bound leaves 68 B for runtime-patch drift; a change that adds an object per call fails.
    private const long BoundBytesPerCall = 1_700;
    private const int Batches = 5;
    private const int CallsPerBatch = 200;

    private readonly InMemoryBunq _bunq = new(new Uri("https://bunq.test/v1/"));

    [Fact]
    public async Task A_signed_call_allocates_no_more_in_the_bunq_handlers_than_measured()
    {
        using HttpClient http = _bunq.SignedClient();
        using HttpClient plainHttp = _bunq.PlainClient();
        IBodyProbe api = InMemoryBunq.Api<IBodyProbe>(http);
        IBodyProbe plain = InMemoryBunq.Api<IBodyProbe>(plainHttp);
        BunqAmount amount = BunqAmount.Of(12.5m, "EUR");

        long full = await LeastPerCallAsync(api, amount);
        long alone = await LeastPerCallAsync(plain, amount);

        Assert.True(full - alone <= BoundBytesPerCall,
            $"the bunq handlers allocate {full - alone} B per signed call ({full} B with them, {alone} B without), more than the {BoundBytesPerCall} B bound (docs/benchmarks.md, P1)");
        Assert.True(full - alone > 712, $"measured {full - alone} B: less than the signature header alone, so the measurement missed the call");
    }

    private static async Task<long> LeastPerCallAsync(IBodyProbe api, BunqAmount amount)
    {
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(1561, (await api.CreateAsync(1, amount)).Id); // warm: first-use caches, JIT
        }

        long least = long.MaxValue;
        for (int batch = 0; batch < Batches; batch++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < CallsPerBatch; i++)
            {
                // Completes synchronously over the in-memory transport: the loop never leaves this thread.
                Task<BunqId> call = api.CreateAsync(1, amount);
                Assert.True(call.IsCompletedSuccessfully, "the in-memory call did not complete synchronously");
            }

            least = Math.Min(least, (GC.GetAllocatedBytesForCurrentThread() - before) / CallsPerBatch);
            await Task.Yield();
        }

        return least;
    }

    public void Dispose() => _bunq.Dispose();
}
