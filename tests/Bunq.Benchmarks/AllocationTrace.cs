using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Bunq.Benchmarks;

/// <summary>
/// Ranks what P1's request allocates, by type: runs the pipeline many times under the runtime's allocation-tick
/// events (one sample per ~100 KB allocated, carrying the type of the object that crossed the mark), so each type's
/// share of the samples is its share of the bytes. Used to decide which allocation to remove next.
/// </summary>
internal static class AllocationTrace
{
    public static async Task RunAsync(int requests)
    {
        var bench = new ClientOverhead();
        bench.Setup();
        for (int i = 0; i < 2_000; i++)
        {
            await bench.FullPipeline();
            await bench.RefitAlone();
        }

        long alone = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 10_000; i++)
        {
            await bench.RefitAlone();
        }

        alone = (GC.GetTotalAllocatedBytes(precise: true) - alone) / 10_000;

        using var listener = new AllocationListener();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < requests; i++)
        {
            await bench.FullPipeline();
        }

        long perRequest = (GC.GetTotalAllocatedBytes(precise: true) - before) / requests;
        listener.Dispose();
        bench.Cleanup();

        long samples = listener.Samples.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the same Refit client without bunq handlers: {alone} B per request"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{requests} requests through the full pipeline, {perRequest} B per request, {samples} samples"));
        foreach (var (type, count) in listener.Samples.OrderByDescending(p => p.Value).Take(40))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(double)count / samples,7:P1} {perRequest * count / samples,6} B  {type}"));
        }
    }

    private sealed class AllocationListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;

        public ConcurrentDictionary<string, long> Samples { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is not null && eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) && eventData.Payload is { } payload)
            {
                int index = eventData.PayloadNames!.IndexOf("TypeName");
                string type = index >= 0 ? payload[index]?.ToString() ?? "?" : "?";
                Samples.AddOrUpdate(type, 1, (_, n) => n + 1);
            }
        }
    }
}
