namespace Bunq.Testing;

/// <summary>
/// The live managed heap: what survived the last of three full, compacting collections. Not
/// <c>GC.GetTotalMemory(true)</c>: that moves by about 2.4 MB when a pinned region of generation 0 is promoted (the
/// fragmentation it held is then counted), while the live bytes stay put (docs/benchmarks.md, P7). Linked into each
/// test project that reports memory.
/// </summary>
internal static class LiveHeap
{
    /// <summary>Collects fully three times and returns the bytes the last collection kept; its other figures are in <c>GC.GetGCMemoryInfo(GCKind.FullBlocking)</c>.</summary>
    public static long Measure()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetGCMemoryInfo(GCKind.FullBlocking).PromotedBytes;
    }
}
