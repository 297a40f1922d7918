using System.Diagnostics;
using System.Globalization;
using Bunq.Emulator;
using Microsoft.Extensions.Time.Testing;
using Refit;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// P7: one client against the emulator for many calls across simulated days, on one fake clock that both sides read,
/// so sessions are extended by steady use, expire while idle and are ended server-side, and the client renews them.
/// Both sides keep bunq's rate limits: each round makes one call per endpoint and the clock then moves past bunq's 3 s
/// window, so the client's limiter never holds a call and bunq never refuses one. The client retries nothing: a 429
/// or any other error is a failed call, counted, never hidden.
/// </summary>
internal static class LongRun
{
    /// <summary>Calls per round, concurrently: three GETs on three endpoints and one POST.</summary>
    public const int Concurrency = 4;

    /// <summary>A round's share of the clock is at least bunq's 3 s window plus the client limiter's 100 ms margin.</summary>
    private static readonly TimeSpan MinimumStep = TimeSpan.FromSeconds(3.2);

    /// <summary>Idle gaps: longer than the session timeout, so the session expires and the next call opens another.</summary>
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromHours(1);
    private static readonly TimeSpan Gap = SessionTimeout + TimeSpan.FromMinutes(1);

    public static async Task<LongRunResult> RunAsync(int calls, double hours, int requestLogCapacity, Action<string> say)
    {
        int rounds = calls / Concurrency;
        TimeSpan total = TimeSpan.FromHours(hours);
        int gaps = Math.Max(1, (int)((total - rounds * MinimumStep) / Gap));
        TimeSpan step = (total - gaps * Gap) / rounds;
        if (step < MinimumStep)
        {
            throw new ArgumentException($"{calls} calls do not fit in {hours} h at one round per {MinimumStep.TotalSeconds} s with an idle gap.");
        }

        // The first fifth warms up (the JIT, the pools, the emulator's logs filling to their caps); then idle gaps
        // (session expiry) and server-side logouts alternate, evenly spread over the rest.
        int warmupRounds = rounds / 5;
        int every = (rounds - warmupRounds) / (2 * gaps + 1);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions
        {
            TimeProvider = time,
            SessionTimeoutSeconds = (long)SessionTimeout.TotalSeconds,
            RequestLogCapacity = requestLogCapacity,
            RequestIdCapacity = requestLogCapacity,
        });
        BunqOptions options = GeneratedClientTests.Options(bunq, await GeneratedClientTests.CreateSandboxUserAsync(bunq));
        options.TimeProvider = time;
        options.Retry = BunqRetryOptions.None; // every error counts as a failed call
        await using Bank bank = await Bank.ConnectAsync(options);
        long user = bank.UserId;
        long account = (await bank.MonetaryAccounts.ListAsync(user)).Items.Single().Id;
        var filters = new[]
        {
            new NotificationFilterSet([new NotificationFilter("PAYMENT", "https://receiver.example/bunq")]),
            new NotificationFilterSet([]),
        };

        var result = new LongRunResult { Calls = rounds * Concurrency, SimulatedHours = hours, Step = step, Gaps = gaps, Logouts = gaps, RequestLogCapacity = requestLogCapacity };
        var clock = Stopwatch.StartNew();
        long sessionId = bank.Connection.Context!.Session!.Id;
        for (int round = 0; round < rounds; round++)
        {
            if (round == warmupRounds)
            {
                (result.WarmHeap, result.WarmPinned, result.WarmHandles, result.WarmSockets) = Measure();
                say($"warm-up: {round * Concurrency} calls, heap {result.WarmHeap:N0} B (LOH {LastLargeObjects:N0} B; +{result.WarmPinned:N0} B pinned), fds {result.WarmHandles}, sockets {result.WarmSockets}");
            }

            int sinceWarm = round - warmupRounds;
            if (sinceWarm > 0 && sinceWarm % every == 0 && sinceWarm / every <= 2 * gaps)
            {
                result.Samples.Add((Measure().Heap, ThreadPool.ThreadCount, LastLargeObjects));
                if (sinceWarm / every % 2 == 1)
                {
                    time.Advance(Gap); // idle past the timeout: the session expires
                }
                else
                {
                    bunq.EndAllSessions(); // a logout in bunq's app: the next calls get 401 and the client renews once
                }
            }

            time.Advance(step);
            Task[] calls4 =
            [
                Count(result, () => bank.Users.ListAsync()),
                Count(result, () => bank.MonetaryAccounts.ListAsync(user)),
                Count(result, () => bank.Payments.ListAsync(user, account, count: 10)),
                Count(result, () => bank.NotificationFilters.SetAsync(user, filters[round % 2])),
            ];
            await Task.WhenAll(calls4);
            long current = bank.Connection.Context!.Session!.Id;
            if (current != sessionId)
            {
                result.Sessions++;
                sessionId = current;
            }

            if (round % 5_000 == 4_999)
            {
                say($"{(round + 1) * Concurrency} calls, {clock.Elapsed.TotalSeconds:F0} s, {time.GetUtcNow() - new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero):g} simulated, failed {result.Failed}, 429 {result.Throttled}");
            }
        }

        (result.EndHeap, result.EndPinned, result.EndHandles, result.EndSockets) = Measure();
        result.WallSeconds = clock.Elapsed.TotalSeconds;
        result.RequestLogKept = bunq.Requests.Count;
        result.ThrottledInLog = bunq.Requests.Count(r => r.Status == 429);
        result.SessionServerInLog = bunq.Requests.Count(r => r.Path == "/v1/session-server");
        result.ProcessWorkingSet = Environment.WorkingSet;
        say(result.ToString());
        return result;
    }

    private static async Task Count(LongRunResult result, Func<Task> call)
    {
        try
        {
            await call();
            Interlocked.Increment(ref result.Ok);
        }
        catch (BunqRateLimitException)
        {
            Interlocked.Increment(ref result.Throttled);
        }
        catch (Exception e) when (e is BunqException or HttpRequestException or ApiException or TaskCanceledException)
        {
            if (Interlocked.Increment(ref result.Failed) <= 5)
            {
                result.FirstErrors.Enqueue(e.GetType().Name + ": " + e.Message);
            }
        }
    }

    /// <summary>The large-object heap at the last measure, for the report.</summary>
    public static long LastLargeObjects { get; private set; }

    /// <summary>The live managed heap after full, compacting collections; open file descriptors and sockets (Linux) or handles.</summary>
    private static (long Heap, long Pinned, int Handles, int Sockets) Measure()
    {
        // The live objects (see LiveHeap). The pinned-object heap (socket and Kestrel I/O buffers, pooled and released on
        // their own real-time schedule) is reported beside, from the same collection.
        long heap = Bunq.Testing.LiveHeap.Measure();
        GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        long pinned = info.GenerationInfo[4].SizeAfterBytes;
        LastLargeObjects = info.GenerationInfo[3].SizeAfterBytes;
        if (!Directory.Exists("/proc/self/fd"))
        {
            return (heap, pinned, Process.GetCurrentProcess().HandleCount, -1);
        }

        string[] fds = Directory.GetFiles("/proc/self/fd");
        int sockets = fds.Count(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false; // closed while we looked
            }
        });
        return (heap, pinned, fds.Length, sockets);
    }
}

/// <summary>What a long run measured.</summary>
internal sealed class LongRunResult
{
    public int Calls { get; init; }

    public double SimulatedHours { get; init; }

    public TimeSpan Step { get; init; }

    public int Gaps { get; init; }

    public int Logouts { get; init; }

    public int RequestLogCapacity { get; init; }

    public int Ok;
    public int Throttled;
    public int Failed;

    public System.Collections.Concurrent.ConcurrentQueue<string> FirstErrors { get; } = new();

    public int Sessions { get; set; }

    public long WarmHeap { get; set; }

    public long EndHeap { get; set; }

    public long WarmPinned { get; set; }

    public long EndPinned { get; set; }

    /// <summary>The heap (after full collections) and the thread pool's size before each gap or logout.</summary>
    public List<(long Heap, int Threads, long Large)> Samples { get; } = [];

    public int WarmHandles { get; set; }

    public int EndHandles { get; set; }

    public int WarmSockets { get; set; }

    public int EndSockets { get; set; }

    public int RequestLogKept { get; set; }

    public int ThrottledInLog { get; set; }

    public int SessionServerInLog { get; set; }

    public long ProcessWorkingSet { get; set; }

    public double WallSeconds { get; set; }

    public override string ToString() => F(
        $"P7 long run: {Calls:N0} calls ({LongRun.Concurrency} concurrent per round, one round per {Step.TotalSeconds:F3} s) over {SimulatedHours} simulated hours, {Gaps} idle gaps past the session timeout, {Logouts} server-side logouts; ok {Ok:N0}, failed {Failed}, 429 {Throttled}; sessions opened after the first {Sessions}; ")
        + F($"heap after warm-up {WarmHeap:N0} B, after the run {EndHeap:N0} B ({(EndHeap - WarmHeap) / (double)WarmHeap:P2}), pinned-object heap {WarmPinned:N0} -> {EndPinned:N0} B; fds {WarmHandles} -> {EndHandles}, sockets {WarmSockets} -> {EndSockets}; ")
        + F($"emulator request log {RequestLogKept:N0} kept (capacity {RequestLogCapacity:N0}), 429 in it {ThrottledInLog}; process working set {ProcessWorkingSet / 1048576.0:F0} MiB; {WallSeconds:F0} s wall; heap samples along the run (KB/threads/LOH KB) {string.Join(" ", Samples.Select(x => $"{x.Heap / 1024}/{x.Threads}/{x.Large / 1024}"))}")
        + (FirstErrors.IsEmpty ? string.Empty : "; first errors: " + string.Join(" | ", FirstErrors));

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A user's URL notification filters: a POST replaces them all, so the long run's POSTs add no state.</summary>
[BunqEndpoint, Signed]
public interface INotificationFilters
{
    [Post("/user/{userId}/notification-filter-url")]
    Task<BunqId> SetAsync(long userId, [Body] NotificationFilterSet filters, CancellationToken cancellationToken = default);
}

public sealed record NotificationFilterSet(IReadOnlyList<NotificationFilter> NotificationFilters);

public sealed record NotificationFilter(string Category, string NotificationTarget);
