using System.Diagnostics;
using Bunq;
using Bunq.FleetWorker;

// Usage: Bunq.FleetWorker <base-address> <pin> <redis> <key-prefix> <protection-key-file> <callers> <seconds> <lock-expiry-seconds>
// Prints "started", waits for "go" on stdin, connects (restoring the fleet's context from Redis), then runs <callers>
// concurrent GET /user loops for <seconds> and prints one line: "done ok=N throttled=N failed=N seconds=S held_ms=M"
// (M: the mean time from a GET's permit to its answer), then the process's footprint after warm-up (a tenth of the run,
// at most 60 s) and at the end, each after full collections: "heap=WARM->END fds=WARM->END sockets=WARM->END".
if (args.Length != 8)
{
    Console.Error.WriteLine("usage: Bunq.FleetWorker <base-address> <pin> <redis> <key-prefix> <key-file> <callers> <seconds> <lock-expiry-seconds>");
    return 2;
}

Console.WriteLine("started");
if (Console.ReadLine() != "go")
{
    return 3;
}

var options = new BunqOptions { BaseAddress = new Uri(args[0]) };
options.CertificatePins.Add(args[1]);
options.ContextStore = BunqContextStore.Redis(
    args[2],
    BunqContextProtection.UserKey(args[4]),
    new BunqRedisOptions { KeyPrefix = args[3], RenewalLockExpiry = TimeSpan.FromSeconds(int.Parse(args[7], System.Globalization.CultureInfo.InvariantCulture)) });
int callers = int.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture);
TimeSpan duration = TimeSpan.FromSeconds(int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture));

// Each GET attempt's span runs from just after its permit to its verified answer: about how long the fleet's limiter
// holds the call as "in flight" before its window starts. The test weighs the throughput against it.
long heldTicks = 0, heldCalls = 0;
using var spans = new ActivityListener
{
    ShouldListenTo = source => source.Name == "Bunq.Client",
    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
    ActivityStopped = activity =>
    {
        if (activity.DisplayName.StartsWith("GET ", StringComparison.Ordinal))
        {
            Interlocked.Add(ref heldTicks, activity.Duration.Ticks);
            Interlocked.Increment(ref heldCalls);
        }
    },
};
ActivitySource.AddActivityListener(spans);

await using FleetBank bank = await FleetBank.ConnectAsync(options);
int ok = 0, throttled = 0, failed = 0;
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(duration);
Footprint warm = default;
Task warmUp = Task.Delay(TimeSpan.FromTicks(Math.Min(duration.Ticks / 10, TimeSpan.FromSeconds(60).Ticks)), CancellationToken.None)
    .ContinueWith(_ => warm = Footprint.Measure(), TaskScheduler.Default);
await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
{
    while (!stop.IsCancellationRequested)
    {
        try
        {
            await bank.Users.ListAsync(stop.Token);
            Interlocked.Increment(ref ok);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        catch (BunqApiException e) when (e.StatusCode == 429)
        {
            Interlocked.Increment(ref throttled);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref failed);
            Console.WriteLine("error " + e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "));
        }
    }
}));
await warmUp;
Footprint end = Footprint.Measure();
double heldMs = heldCalls == 0 ? 0 : TimeSpan.FromTicks(heldTicks / heldCalls).TotalMilliseconds;
Console.WriteLine($"done ok={ok} throttled={throttled} failed={failed} seconds={clock.Elapsed.TotalSeconds:F1} held_ms={heldMs.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)} heap={warm.Heap}->{end.Heap} fds={warm.Fds}->{end.Fds} sockets={warm.Sockets}->{end.Sockets}");
return 0;

/// <summary>The live managed heap (<see cref="Bunq.Testing.LiveHeap"/>), open file descriptors and sockets (Linux; elsewhere handles, -1).</summary>
internal readonly record struct Footprint(long Heap, int Fds, int Sockets)
{
    public static Footprint Measure()
    {
        long heap = Bunq.Testing.LiveHeap.Measure();
        if (!Directory.Exists("/proc/self/fd"))
        {
            return new(heap, Process.GetCurrentProcess().HandleCount, -1);
        }

        string[] fds = Directory.GetFiles("/proc/self/fd");
        return new(heap, fds.Length, fds.Count(IsSocket));
    }

    private static bool IsSocket(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
        }
        catch (IOException)
        {
            return false; // closed while we looked
        }
    }
}
