using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Bunq.Emulator;
using Refit;

namespace Bunq.Benchmarks;

[BunqEndpoint, Signed]
internal interface IEmulatorProbe
{
    [Get("/user")]
    Task<BunqList<BunqUserSummary>> UsersAsync(CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account-bank")]
    Task<BunqList<EmulatorProbeAccount>> AccountsAsync(long userId, CancellationToken cancellationToken = default);

    [Post("/user/{userId}/monetary-account/{accountId}/payment")]
    Task<BunqId> PayAsync(long userId, long accountId, [Body] EmulatorProbePayment payment, CancellationToken cancellationToken = default);

    [Post("/user/{userId}/monetary-account/{accountId}/request-inquiry")]
    Task<BunqId> RequestAsync(long userId, long accountId, [Body] RateProbeRequest request, CancellationToken cancellationToken = default);
}

public sealed record EmulatorProbeAccount(long Id);

public sealed record EmulatorProbePayment(BunqAmount Amount, BunqPointer CounterpartyAlias, string Description);

[BunqClient]
public partial class EmulatorProbeClient;

/// <summary>
/// P6: the emulator's own CPU per answered signed request, against one RSA-2048 sign + verify measured in the same run;
/// the tool's start to its first answer; <see cref="BunqEmulator.StartAsync"/> to the first answer in process; and the
/// cost of one test class of the fixture sample (samples/Bunq.Emulator.Fixture.Tests).
/// </summary>
/// <remarks>
/// The emulator runs as the executable (bunq-emulator.dll, copied beside this program), a separate process, so its CPU
/// time (<see cref="Process.TotalProcessorTime"/>) holds only the server's work: TLS, Kestrel, the protocol checks, the
/// route, JSON, the response signature. The client's signing and verifying run here and are not counted.
/// </remarks>
internal static class EmulatorCpu
{
    // Enough calls for the tiered JIT to settle (methods reach tier 1 after 30 calls and a quiet 100 ms), then a pause
    // so its background compiles land outside the measured runs; the all-in figure below counts them anyway.
    private const int Warmup = 1500;

    public static async Task RunAsync(int requests, IReadOnlyList<string> emulatorArgs)
    {
        bool startup = !emulatorArgs.Contains("--cpu-only");
        emulatorArgs = emulatorArgs.Where(a => a != "--cpu-only").ToArray();
        // --emulator PATH: another build of bunq-emulator.dll (say, main's) to compare against, on the same machine and load.
        int other = emulatorArgs.ToList().IndexOf("--emulator");
        string dll = other >= 0 && other + 1 < emulatorArgs.Count ? Path.GetFullPath(emulatorArgs[other + 1]) : Path.Combine(AppContext.BaseDirectory, "bunq-emulator.dll");
        emulatorArgs = other >= 0 ? emulatorArgs.Where((_, i) => i != other && i != other + 1).ToArray() : emulatorArgs;
        // --env NAME=VALUE (repeatable): an environment variable for the emulator's process only (a runtime knob to try),
        // so the client in this process runs the same either way.
        var environment = new Dictionary<string, string>();
        for (int i = emulatorArgs.ToList().IndexOf("--env"); i >= 0 && i + 1 < emulatorArgs.Count; i = emulatorArgs.ToList().IndexOf("--env"))
        {
            string[] pair = emulatorArgs[i + 1].Split('=', 2);
            environment[pair[0]] = pair.Length > 1 ? pair[1] : string.Empty;
            emulatorArgs = emulatorArgs.Where((_, j) => j != i && j != i + 1).ToArray();
        }

        Console.WriteLine($"P6 emulator CPU; {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
        double floorBefore = RsaFloor(out double floorWall);
        Console.WriteLine($"RSA-2048 floor (one sign + one verify, SHA-256 PKCS#1, this process, one thread): {floorBefore * 1000:0.000} ms CPU ({floorWall * 1000:0.000} ms wall)");

        string[] args = ["--port", "0", "--no-rate-limits", .. emulatorArgs];
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process emulator = Process.Start(start)!;
        try
        {
            string line = await emulator.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The emulator ended: " + await emulator.StandardError.ReadToEndAsync());
            double listening = clock.Elapsed.TotalMilliseconds;
            string[] words = line.Split(' ');
            var options = new BunqOptions { BaseAddress = new Uri(words[4]), RateLimits = BunqRateLimits.None };
            options.CertificatePins.Add(words[6]);
            options.ApiKey = await BunqSandbox.CreateUserAsync(options);
            double firstAnswer = clock.Elapsed.TotalMilliseconds;
            Console.WriteLine($"tool `{string.Concat(environment.Select(e => e.Key + "=" + e.Value + " "))}{dll} {string.Join(' ', args)}`: process start to listening line {listening:0} ms, to first answer {firstAnswer:0} ms; CPU so far {Cpu(emulator).TotalMilliseconds:0} ms");

            await using EmulatorProbeClient client = await EmulatorProbeClient.ConnectAsync(options);
            IEmulatorProbe api = client.EmulatorProbe;
            long user = client.UserId;
            long account = (await api.AccountsAsync(user)).Items[0].Id;
            var topUp = new RateProbeRequest(BunqAmount.Of(500, "EUR"), new BunqPointer { Type = "EMAIL", Value = BunqSandbox.SugarDaddy }, "top-up", false);
            await api.RequestAsync(user, account, topUp); // 500 EUR pays 50,000 payments of one cent
            var payment = new EmulatorProbePayment(BunqAmount.Of(0.01m, "EUR"), new BunqPointer { Type = "EMAIL", Value = BunqSandbox.SugarDaddy }, "p6");
            Func<Task> get = () => api.UsersAsync();
            Func<Task> post = () => api.PayAsync(user, account, payment);
            await Drive(get, Warmup, 8);
            await Drive(post, Warmup, 8);
            await Task.Delay(TimeSpan.FromSeconds(2));

            Console.WriteLine($"{"request",-24} {"callers",7} {"requests",8} {"emulator CPU/req",16} {"ratio to floor",14} {"wall/req",9}");
            var results = new List<double>();
            foreach ((string name, Func<Task> call) in new[] { ("signed GET /user", get), ("signed POST payment", post) })
            {
                foreach (int callers in new[] { 8, 1 })
                {
                    TimeSpan cpuBefore = Cpu(emulator);
                    var wall = Stopwatch.StartNew();
                    await Drive(call, requests, callers);
                    double perRequest = (Cpu(emulator) - cpuBefore).TotalMilliseconds / requests;
                    results.Add(perRequest);
                    Console.WriteLine($"{name,-24} {callers,7} {requests,8} {perRequest,13:0.000} ms {perRequest / (floorBefore * 1000),14:0.00} {wall.Elapsed.TotalMilliseconds / requests,6:0.000} ms");
                }
            }

            double floorAfter = RsaFloor(out _);
            double floor = (floorBefore + floorAfter) / 2 * 1000;
            Console.WriteLine($"RSA-2048 floor again after the run: {floorAfter * 1000:0.000} ms; mean {floor:0.000} ms");
            double allIn = Cpu(emulator).TotalMilliseconds / (4 * requests + 2 * Warmup + 4);
            Console.WriteLine($"all-in: the emulator's CPU from process start to here (start-up, JIT, warm-up) over every request: {allIn:0.000} ms per request, {allIn / floor:0.00} x floor");
            Console.WriteLine($"P6 ratios (emulator CPU per request / mean floor; target <= 1.5): GET x8 {results[0] / floor:0.00}, GET x1 {results[1] / floor:0.00}, POST x8 {results[2] / floor:0.00}, POST x1 {results[3] / floor:0.00}");
        }
        finally
        {
            emulator.Kill();
            await emulator.WaitForExitAsync();
        }

        if (startup)
        {
            await InProcessStartAsync();
            await FixtureClassAsync();
        }
    }

    /// <summary>StartAsync to the first answered request, inside this process: the first instance, then later ones.</summary>
    private static async Task InProcessStartAsync()
    {
        var starts = new List<(double Start, double First, double Dispose, double Cpu)>();
        using Process self = Process.GetCurrentProcess();
        for (int i = 0; i < 6; i++)
        {
            TimeSpan cpu = Cpu(self);
            var clock = Stopwatch.StartNew();
            BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
            double started = clock.Elapsed.TotalMilliseconds;
            var options = new BunqOptions { BaseAddress = bunq.BaseAddress, RateLimits = BunqRateLimits.None };
            options.CertificatePins.Add(bunq.Pin);
            await BunqSandbox.CreateUserAsync(options);
            double first = clock.Elapsed.TotalMilliseconds;
            double used = (Cpu(self) - cpu).TotalMilliseconds;
            clock.Restart();
            await bunq.DisposeAsync();
            starts.Add((started, first, clock.Elapsed.TotalMilliseconds, used));
        }

        (double start0, double first0, double dispose0, double cpu0) = starts[0];
        Console.WriteLine($"BunqEmulator.StartAsync in process, first instance: started {start0:0.0} ms, first answer {first0:0.0} ms (process CPU {cpu0:0} ms), disposed in {dispose0:0.0} ms");
        Console.WriteLine($"  later instances (median of {starts.Count - 1}): started {Median(starts.Skip(1).Select(s => s.Start)):0.0} ms, first answer {Median(starts.Skip(1).Select(s => s.First)):0.0} ms"
            + $" (process CPU {Median(starts.Skip(1).Select(s => s.Cpu)):0} ms), disposed in {Median(starts.Skip(1).Select(s => s.Dispose)):0.0} ms");
    }

    /// <summary>
    /// What one test class of samples/Bunq.Emulator.Fixture.Tests costs: the class fixture's start, its three tests (a new
    /// sandbox user and a cold client bootstrap each, one call, two with a fault queued) and the fixture's dispose.
    /// </summary>
    private static async Task FixtureClassAsync()
    {
        var runs = new List<(double Start, double Tests, double Dispose, double Cpu)>();
        using Process self = Process.GetCurrentProcess();
        for (int i = 0; i < 5; i++)
        {
            TimeSpan cpu = Cpu(self);
            var clock = Stopwatch.StartNew();
            BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
            double start = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            foreach (BunqFault? fault in new BunqFault?[] { null, new(BunqFaultKind.TamperBody, PathContains: "/monetary-account-bank"), new(BunqFaultKind.ServerError, PathContains: "/monetary-account-bank") })
            {
                // the sample fixture's options (its OptionsForNewUser): millisecond retry waits
                var options = new BunqOptions
                {
                    BaseAddress = bunq.BaseAddress,
                    ApiKey = bunq.CreateSandboxUser(),
                    Retry = new BunqRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), RateLimitDelay = TimeSpan.FromMilliseconds(5) },
                };
                options.CertificatePins.Add(bunq.Pin);
                await using EmulatorProbeClient client = await EmulatorProbeClient.ConnectAsync(options);
                if (fault is not null)
                {
                    bunq.Faults.Inject(fault, count: 5);
                }

                try
                {
                    await client.EmulatorProbe.AccountsAsync(client.UserId);
                }
                catch (Exception e) when (fault is not null && e is BunqSignatureException or BunqApiException)
                {
                    // what the sample's test asserts
                }

                bunq.Faults.Clear();
            }

            double tests = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            await bunq.DisposeAsync();
            runs.Add((start, tests, clock.Elapsed.TotalMilliseconds, (Cpu(self) - cpu).TotalMilliseconds));
        }

        Console.WriteLine($"fixture sample, one test class (median of {runs.Count}): {Median(runs.Select(r => r.Start + r.Tests + r.Dispose)):0} ms = fixture start {Median(runs.Select(r => r.Start)):0} ms"
            + $" + 3 tests {Median(runs.Select(r => r.Tests)):0} ms (a cold client bootstrap each, one with retried server errors) + dispose {Median(runs.Select(r => r.Dispose)):0} ms; process CPU {Median(runs.Select(r => r.Cpu)):0} ms");
    }

    private static async Task Drive(Func<Task> call, int requests, int callers)
    {
        int left = requests;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
            {
                await call();
            }
        }));
    }

    /// <summary>Process CPU seconds per (one RSA-2048 sign + one verify) on one thread, and wall seconds per pair.</summary>
    private static double RsaFloor(out double wallSeconds)
    {
        using RSA key = RSA.Create(2048);
        byte[] data = new byte[600];
        RandomNumberGenerator.Fill(data);
        const int pairs = 1000;
        for (int i = 0; i < 50; i++)
        {
            key.VerifyData(data, key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        using Process self = Process.GetCurrentProcess();
        TimeSpan before = self.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (int i = 0; i < pairs; i++)
        {
            byte[] signature = key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            if (!key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                throw new CryptographicException("verify failed");
            }
        }

        wallSeconds = wall.Elapsed.TotalSeconds / pairs;
        self.Refresh();
        return (self.TotalProcessorTime - before).TotalSeconds / pairs;
    }

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>The machine's 1, 5 and 15 minute load averages (Linux), printed beside every timing.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
