using System.Diagnostics;
using Bunq.Emulator;
using Refit;

namespace Bunq.Benchmarks;

[BunqEndpoint, Signed]
internal interface IRateProbe
{
    [Get("/user")]
    Task<BunqList<BunqUserSummary>> UsersAsync(CancellationToken cancellationToken = default);

    [Post("/user/{userId}/monetary-account/{accountId}/request-inquiry")]
    Task<BunqId> RequestAsync(long userId, long accountId, [Body] RateProbeRequest request, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/credential-password-ip")]
    Task<BunqList<BunqCredentialPasswordIp>> CredentialsAsync(long userId, CancellationToken cancellationToken = default);

    [Post("/user/{userId}/credential-password-ip/{credentialId}/ip")]
    Task<BunqId> AddIpAsync(long userId, long credentialId, [Body] RateProbeIp ip, CancellationToken cancellationToken = default);

    [Put("/user/{userId}/credential-password-ip/{credentialId}/ip/{ipId}")]
    Task<BunqId> SetIpAsync(long userId, long credentialId, long ipId, [Body] RateProbeIp ip, CancellationToken cancellationToken = default);
}

public sealed record RateProbeRequest(BunqAmount AmountInquired, BunqPointer CounterpartyAlias, string Description, bool AllowBunqme);

public sealed record RateProbeIp(string? Ip, string Status);

[BunqClient]
public partial class RateProbeClient;

/// <summary>
/// P3: sustained throughput per endpoint class against the emulator enforcing bunq's documented limits, in real time,
/// as a fraction of the limit. Eight callers per class keep the client's queue full.
/// </summary>
internal static class RateCeiling
{
    public static async Task RunAsync(TimeSpan duration)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions());
        var options = new BunqOptions { BaseAddress = bunq.BaseAddress, ApiKey = bunq.CreateSandboxUser() };
        options.CertificatePins.Add(bunq.Pin);
        await using RateProbeClient client = await RateProbeClient.ConnectAsync(options);
        IRateProbe api = client.RateProbe;
        long user = client.UserId;
        long credential = (await api.CredentialsAsync(user)).Items.Single().Id;
        long ip = (await api.AddIpAsync(user, credential, new RateProbeIp("192.0.2.9", "ACTIVE"))).Id;
        long account = 0;
        await Task.Delay(TimeSpan.FromSeconds(3.2)); // let the set-up calls leave every window
        int before = bunq.Requests.Count;

        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        Task<int> gets = Drive(() => api.UsersAsync(stop.Token), stop.Token);
        Task<int> posts = Drive(() => api.RequestAsync(user, account == 0 ? 1 : account, new RateProbeRequest(BunqAmount.Of(1, "EUR"), new BunqPointer { Type = "EMAIL", Value = "nobody@bunq.com" }, "probe", false), stop.Token), stop.Token);
        Task<int> puts = Drive(() => api.SetIpAsync(user, credential, ip, new RateProbeIp(null, "ACTIVE"), stop.Token), stop.Token);
        int[] done = await Task.WhenAll(gets, posts, puts);
        double seconds = clock.Elapsed.TotalSeconds;
        int tooMany = bunq.Requests.Skip(before).Count(r => r.Status == 429);

        Console.WriteLine($"P3 rate ceiling over {seconds:0.0} s (limits per 3 s: GET 3, POST 5, PUT 2); 429s seen by the emulator: {tooMany}");
        Report("GET /user", done[0], 3, seconds);
        Report("POST request-inquiry", done[1], 5, seconds);
        Report("PUT credential ip", done[2], 2, seconds);
    }

    private static void Report(string name, int calls, int permits, double seconds)
    {
        // The most bunq allows in the run: a full window at the start, then one window's permits per 3 s.
        double ceiling = permits * Math.Floor(seconds / 3.0) + permits;
        Console.WriteLine($"  {name,-22} {calls,5} calls, ceiling {ceiling,5:0}, fraction {calls / ceiling:0.000}");
    }

    private static async Task<int> Drive<T>(Func<Task<T>> call, CancellationToken stop)
    {
        int completed = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await call();
                    Interlocked.Increment(ref completed);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (BunqApiException e) when (e.StatusCode == 404)
                {
                    Interlocked.Increment(ref completed); // the POST to account 1 is answered 404: still a call bunq counted
                }
            }
        }));
        return completed;
    }
}
