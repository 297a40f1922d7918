using System.Diagnostics;
using Bunq;
using Bunq.FleetWorker;

// Usage: Bunq.FleetWorker <base-address> <pin> <redis> <key-prefix> <protection-key-file> <callers> <seconds> <lock-expiry-seconds>
// Prints "started", waits for "go" on stdin, connects (restoring the fleet's context from Redis), then runs <callers>
// concurrent GET /user loops for <seconds> and prints one line: "done ok=N throttled=N failed=N".
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

await using FleetBank bank = await FleetBank.ConnectAsync(options);
int ok = 0, throttled = 0, failed = 0;
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(duration);
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
Console.WriteLine($"done ok={ok} throttled={throttled} failed={failed} seconds={clock.Elapsed.TotalSeconds:F1}");
return 0;
