using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Bunq.Benchmarks;

/// <summary>
/// Reads a <c>dotnet-trace collect --profile gc-verbose</c> trace of <c>alloc-trace</c> and says where P1's bytes come
/// from: every allocation tick (one per ~100 KB allocated, weighted by the bytes it stands for) is charged to its type
/// and to the innermost frame of the bunq runtime on its stack (or, with none, the innermost frame outside the
/// framework), so each source's share of the ticks is its share of the bytes per request that <c>alloc-trace</c>
/// measured. Ticks from the Refit-alone warm-up calls are left out. The stacks are whole: over the in-memory transport
/// the pipeline completes synchronously, so an inner handler's allocation has its callers on the stack.
/// </summary>
internal static class AllocationReport
{
    public static void Run(string tracePath, long bytesPerRequest, int depth, string row = "FullPipeline")
    {
        // row: the benchmark method whose calls are charged (FullPipeline; or RefitAlone, from alloc-trace's own runs of
        // that row before the traced loop, to see what the row without bunq handlers allocates by itself)
        string marker = "ClientOverhead." + row;
        string etlx = TraceLog.CreateFromEventPipeDataFile(tracePath);
        using var log = new TraceLog(etlx);
        var source = log.Events.GetSource();
        var bySource = new Dictionary<string, double>(StringComparer.Ordinal);
        var byType = new Dictionary<string, double>(StringComparer.Ordinal);
        var bySite = new Dictionary<string, double>(StringComparer.Ordinal);
        var byStack = new Dictionary<string, double>(StringComparer.Ordinal);
        double total = 0;
        source.Clr.GCAllocationTick += tick =>
        {
            List<string> frames = Frames(tick.CallStack());
            if (!frames.Any(f => f.Contains(marker, StringComparison.Ordinal)))
            {
                return; // warm-up of the Refit-alone row, or the runtime's own start
            }

            double bytes = tick.AllocationAmount64;
            string type = tick.TypeName ?? "?";
            string owner = Owner(frames);
            total += bytes;
            Add(bySource, owner, bytes);
            Add(byType, type, bytes);
            Add(bySite, $"{owner} | {type} | {Method(frames.FirstOrDefault() ?? "?")}", bytes);
            Add(byStack, $"{type}\n      " + string.Join("\n      ", frames.Take(depth)), bytes);
        };
        source.Process();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total / 1e6:F0} MB sampled; shares scaled to {bytesPerRequest} B per request"));
        Print("by source (innermost bunq runtime or resilience frame, else innermost frame outside the framework)", bySource, total, bytesPerRequest, 40);
        Print("by type", byType, total, bytesPerRequest, 40);
        Print("by site (source | type | allocating frame)", bySite, total, bytesPerRequest, 120);
        Print("by stack (type, then the innermost frames)", byStack, total, bytesPerRequest, 60);
    }

    private static List<string> Frames(TraceCallStack? stack)
    {
        var frames = new List<string>();
        for (; stack is not null; stack = stack.Caller)
        {
            string name = stack.CodeAddress.FullMethodName;
            frames.Add(string.IsNullOrEmpty(name) ? $"{stack.CodeAddress.ModuleName}!?" : name);
        }

        return frames;
    }

    /// <summary>The in-memory transport's frames (<c>Type+Nested.Method</c>): the benchmark's stand-in for the network.</summary>
    private static readonly string Transport = typeof(Bunq.Testing.InMemoryBunq.SignedAnswers).FullName + ".";

    // The bunq runtime's own frames are in namespace Bunq (the benchmark's, Bunq.Benchmarks, are the caller; the shared
    // test transport, Bunq.Testing, is charged to itself); the resilience handlers (Microsoft.Extensions.Http.Resilience over Polly) are stages of the pipeline
    // too, and are charged to themselves rather than to the bunq handler that calls them.
    private static string Owner(List<string> frames)
    {
        foreach (string frame in frames)
        {
            if (frame.StartsWith(Transport, StringComparison.Ordinal))
            {
                return "(transport) " + Method(frame); // the benchmark's stand-in for the network, in both rows
            }

            if (frame.StartsWith("Bunq.", StringComparison.Ordinal) && !frame.StartsWith("Bunq.Benchmarks.", StringComparison.Ordinal)
                && !frame.StartsWith("Bunq.Testing.", StringComparison.Ordinal))
            {
                return Method(frame);
            }

            if (frame.StartsWith("Polly.", StringComparison.Ordinal) || frame.StartsWith("Microsoft.Extensions.Http.Resilience.", StringComparison.Ordinal))
            {
                return "(resilience) " + Method(frame);
            }
        }

        foreach (string frame in frames)
        {
            if (!frame.StartsWith("System.", StringComparison.Ordinal) && !frame.StartsWith("Microsoft.", StringComparison.Ordinal) && !frame.EndsWith("!?", StringComparison.Ordinal))
            {
                return "(no bunq frame) " + Method(frame);
            }
        }

        return "(framework only) " + Method(frames.FirstOrDefault() ?? "?");
    }

    private static string Method(string frame)
    {
        int paren = frame.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? frame[..paren] : frame;
    }

    private static void Add(Dictionary<string, double> map, string key, double bytes) =>
        map[key] = map.GetValueOrDefault(key) + bytes;

    private static void Print(string title, Dictionary<string, double> map, double total, long perRequest, int top)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        foreach (var (key, bytes) in map.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / total,7:P1} {perRequest * bytes / total,6:F0} B  {key}"));
        }
    }
}
