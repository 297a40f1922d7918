using System.Globalization;
using Bunq.Emulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// <see cref="BunqContextStore.Redis(string, BunqContextProtection, BunqRedisOptions)"/> against a real
/// redis-server and the emulator over TLS: sharing, encryption, failures, the shared limiter's exactness, and one
/// renewal for several instances at expiry.
/// </summary>
public sealed class RedisStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-28T12:00:00Z", CultureInfo.InvariantCulture);
    private readonly RedisServer _redis = RedisServer.Start();
    private readonly string _keys = Directory.CreateTempSubdirectory("bunq-redis-").FullName;

    public void Dispose()
    {
        _redis.Dispose();
        Directory.Delete(_keys, recursive: true);
    }

    [Fact]
    public void An_unreachable_redis_at_start_is_a_configuration_error_that_names_no_password()
    {
        string nowhere = "127.0.0.1:" + RedisServer.FreePort().ToString(CultureInfo.InvariantCulture) + ",password=s3cret-pw,connectTimeout=500";

        var direct = Assert.Throws<BunqConfigurationException>(() => BunqContextStore.Redis(nowhere, BunqContextProtection.None));
        using ServiceProvider provider = Configure(new() { ["Bunq:Redis"] = nowhere });
        var configured = Assert.Throws<BunqConfigurationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("cannot be reached", direct.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", configured.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", direct.Message + configured.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bunq_Redis_from_configuration_is_the_shared_store_and_excludes_a_context_file()
    {
        using ServiceProvider provider = Configure(new() { ["Bunq:Redis"] = _redis.Configuration, ["Bunq:RedisKeyPrefix"] = "app", ["Bunq:ContextPassphrase"] = "pass" });
        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<BunqRedisContextStore>(Options(provider).ContextStore);
        using ServiceProvider both = Configure(new() { ["Bunq:Redis"] = _redis.Configuration, ["Bunq:ContextFile"] = "ctx.json" });
        Assert.Contains("both set", Assert.Throws<BunqConfigurationException>(() => both.GetRequiredService<IStartupValidator>().Validate()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_closes_the_connection_it_opened_and_the_container_disposes_the_stores_it_made()
    {
        using ConnectionMultiplexer observer = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration + ",allowAdmin=true");
        int baseline = await ClientsAsync(observer);

        BunqRedisContextStore direct = BunqContextStore.Redis(_redis.Configuration, BunqContextProtection.None);
        Assert.True(await ClientsAsync(observer) > baseline);
        await direct.DisposeAsync();
        await ClientsBackToAsync(observer, baseline);

        ServiceProvider provider = Configure(new() { ["Bunq:Redis"] = _redis.Configuration, ["Bunq:ContextPassphrase"] = "pass" });
        provider.GetRequiredService<IStartupValidator>().Validate(); // makes the client's options, and so its store
        Assert.True(await ClientsAsync(observer) > baseline);
        await provider.DisposeAsync(); // before: the store's connection stayed open, with nothing left to close it
        await ClientsBackToAsync(observer, baseline);

        // a store over the application's own connection leaves it open
        await using (BunqContextStore.Redis(observer, BunqContextProtection.None, new BunqRedisOptions()))
        {
        }

        Assert.True(observer.IsConnected);
    }

    [Fact]
    public void Bunq_Redis_without_the_redis_package_registered_fails_the_start_with_what_to_add()
    {
        // Never a silent fallback to an unshared context and budget: the start fails, and so would a direct use.
        using ServiceProvider provider = Configure(new() { ["Bunq:Redis"] = _redis.Configuration + ",password=s3cret-pw" }, addRedis: false);

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("services.AddBunqRedis()", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_share_one_context_kept_encrypted_in_redis()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = await GeneratedClientTests.CreateSandboxUserAsync(bunq);
        await using Bank first = await Bank.ConnectAsync(Options(bunq, apiKey, "a.key"));
        int contextCalls = ContextCalls(bunq);

        await using Bank second = await Bank.ConnectAsync(Options(bunq, apiKey, "a.key"));
        Assert.Single((await second.Users.ListAsync()).Items);

        Assert.Equal(3, contextCalls);
        Assert.Equal(contextCalls, ContextCalls(bunq)); // restored from Redis: no installation, device or session call
        Assert.Equal(first.Connection.Context!.Session!.Id, second.Connection.Context!.Session!.Id);
        string stored = System.Text.Encoding.UTF8.GetString(await RawAsync("test:context"));
        Assert.Contains("aes-256-gcm", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(apiKey, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Connection.Context.Session.Token.Reveal(), stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_context_this_instance_cannot_decrypt_is_the_store_error_and_stays_as_it_was()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = await GeneratedClientTests.CreateSandboxUserAsync(bunq);
        await using (await Bank.ConnectAsync(Options(bunq, apiKey, "a.key")))
        {
        }

        byte[] before = await RawAsync("test:context");
        var error = await Assert.ThrowsAsync<BunqContextStoreException>(() => Bank.ConnectAsync(Options(bunq, apiKey, "other.key")));

        Assert.Contains("cannot be decrypted", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await RawAsync("test:context"));
        Assert.Equal(3, ContextCalls(bunq)); // no new installation behind the unreadable one
    }

    [Fact]
    public async Task Redis_lost_while_running_fails_calls_fast_with_the_store_error_and_they_recover_when_it_is_back()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        await using Bank bank = await Bank.ConnectAsync(Options(bunq, await GeneratedClientTests.CreateSandboxUserAsync(bunq), "a.key"));
        await bank.Users.ListAsync();
        int sent = UserCalls(bunq);

        _redis.Kill();
        var error = await Assert.ThrowsAsync<BunqContextStoreException>(() => bank.Users.ListAsync());

        Assert.Contains("Redis is unreachable", error.Message, StringComparison.Ordinal);
        Assert.Equal(sent, UserCalls(bunq)); // never sent without a permit from the shared budget
        _redis.Restart();
        BunqList<UserPerson>? recovered = null;
        for (int i = 0; i < 200 && recovered is null; i++)
        {
            try
            {
                recovered = await bank.Users.ListAsync();
            }
            catch (BunqContextStoreException)
            {
                await Task.Delay(100); // the connection reconnects by itself
            }
        }

        Assert.NotNull(recovered);
        Assert.Equal(sent + 1, UserCalls(bunq));
    }

    [Fact]
    public async Task The_redis_limiter_grants_exactly_as_the_in_process_sliding_log_for_two_instances()
    {
        // Steps of 100 ms land exactly on the 3.1 s window's edges, where "at most 3 in any 3.1 s" is decided.
        var time = new FakeTimeProvider(Start);
        using var store = Store("exact");
        var window = TimeSpan.FromMilliseconds(3_100);
        using var one = (RedisSlidingLogLimiter)store.CreateLimiter("GET /user", new BunqRateLimit(3, TimeSpan.FromSeconds(3)), TimeSpan.FromMilliseconds(100), 10, time);
        using var two = (RedisSlidingLogLimiter)store.CreateLimiter("GET /user", new BunqRateLimit(3, TimeSpan.FromSeconds(3)), TimeSpan.FromMilliseconds(100), 10, time);
        using var reference = new SlidingLogRateLimiter(3, window, 10, time);
        var random = new Random(16);
        int granted = 0;

        for (int step = 0; step < 400; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100 * random.Next(0, 9)));
            bool expected = reference.AttemptAcquire().IsAcquired;
            long wait = await (step % 2 == 0 ? one : two).TryGrantAsync();
            Assert.Equal(expected, wait == 0);
            granted += expected ? 1 : 0;
        }

        Assert.InRange(granted, 100, 400); // the schedule reached both sides of the limit many times
    }

    [Fact]
    public async Task A_call_counts_until_its_answer_so_a_late_arrival_never_lets_the_next_grant_into_bunqs_window()
    {
        // A call granted at 0 whose answer comes at 2 s (bunq counted it somewhere in between): the fleet's next grant
        // waits until 2 s + the window, not 0 + the window, however late the call reached bunq.
        var time = new FakeTimeProvider(Start);
        using var store = Store("answer");
        using var limiter = (RedisSlidingLogLimiter)store.CreateLimiter("GET /user", new BunqRateLimit(1, TimeSpan.FromSeconds(3)), TimeSpan.FromMilliseconds(100), 10, time);
        using (System.Threading.RateLimiting.RateLimitLease lease = await limiter.AcquireAsync())
        {
            Assert.True(lease.IsAcquired);
            time.Advance(TimeSpan.FromSeconds(2)); // the answer arrives
        }

        time.Advance(TimeSpan.FromMilliseconds(1_200)); // 3.2 s after the grant, 1.2 s after the answer
        Assert.Equal(1_900_000, await limiter.TryGrantAsync()); // µs until the answer's entry leaves the 3.1 s window
        time.Advance(TimeSpan.FromMilliseconds(1_900));
        Assert.Equal(0, await limiter.TryGrantAsync());

        // A call still in flight counts however long ago it was granted (bunq may count it any moment): no grant, ask
        // again shortly; answered at 4 s, it leaves the window at 4 s + 3.1 s.
        using var longCall = (RedisSlidingLogLimiter)store.CreateLimiter("PUT /x", new BunqRateLimit(1, TimeSpan.FromSeconds(3)), TimeSpan.FromMilliseconds(100), 10, time);
        System.Threading.RateLimiting.RateLimitLease slow = await longCall.AcquireAsync();
        time.Advance(TimeSpan.FromMilliseconds(3_500));
        Assert.Equal(-1, await longCall.TryGrantAsync());
        time.Advance(TimeSpan.FromMilliseconds(500));
        slow.Dispose(); // its answer, at 4 s
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2_600_000, await longCall.TryGrantAsync());
    }

    [Fact]
    public async Task A_live_holder_keeps_the_renewal_lock_past_its_expiry_and_the_next_takes_it_when_released()
    {
        // Real time: the expiry runs in Redis. Held for more than twice its 3 s expiry, the lock stays the holder's.
        var options = new BunqRedisOptions { KeyPrefix = "held", RenewalLockExpiry = TimeSpan.FromSeconds(3) };
        using var one = new BunqRedisContextStore(BunqRedisContextStore.Connect(_redis.Configuration), ownsConnection: true, BunqContextProtection.None, options);
        using var two = new BunqRedisContextStore(BunqRedisContextStore.Connect(_redis.Configuration), ownsConnection: true, BunqContextProtection.None, options);
        IAsyncDisposable held = await one.AcquireRenewalLockAsync(CancellationToken.None);
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        string? token = await redis.GetDatabase().StringGetAsync("held:renewal-lock");
        Assert.NotNull(token);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(7)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await two.AcquireRenewalLockAsync(wait.Token));
        }

        Assert.Equal(token, (string?)await redis.GetDatabase().StringGetAsync("held:renewal-lock"));
        await held.DisposeAsync();
        await using (await two.AcquireRenewalLockAsync(CancellationToken.None))
        {
            Assert.NotEqual(token, (string?)await redis.GetDatabase().StringGetAsync("held:renewal-lock"));
        }
    }

    [Fact]
    public void Invalid_redis_options_are_a_configuration_error_before_anything_connects()
    {
        string nowhere = "127.0.0.1:" + RedisServer.FreePort().ToString(CultureInfo.InvariantCulture);
        Assert.Contains("KeyPrefix", Assert.Throws<BunqConfigurationException>(
            () => BunqContextStore.Redis(nowhere, BunqContextProtection.None, new BunqRedisOptions { KeyPrefix = "" })).Message, StringComparison.Ordinal);
        Assert.Contains("RenewalLockExpiry", Assert.Throws<BunqConfigurationException>(
            () => BunqContextStore.Redis(nowhere, BunqContextProtection.None, new BunqRedisOptions { RenewalLockExpiry = TimeSpan.Zero })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_queued_call_waits_until_the_oldest_grant_leaves_the_window_and_a_cancelled_one_takes_no_permit()
    {
        // Real time, 1 permit per 500 ms: the calls' own timestamps in Redis say whether the window was kept.
        using var store = Store("queue");
        using var limiter = store.CreateLimiter("PUT /x", new BunqRateLimit(1, TimeSpan.FromMilliseconds(400)), TimeSpan.FromMilliseconds(100), 10, TimeProvider.System);
        using (System.Threading.RateLimiting.RateLimitLease lease = await limiter.AcquireAsync())
        {
            Assert.True(lease.IsAcquired);
        }

        // Read on the store's own connection: it carries the answer's update before this read.
        double first = (await store.Database.SortedSetRangeByRankWithScoresAsync("queue:rate:default:PUT /x")).Single().Score;

        using var cancel = new CancellationTokenSource();
        ValueTask<System.Threading.RateLimiting.RateLimitLease> cancelled = limiter.AcquireAsync(1, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        using (System.Threading.RateLimiting.RateLimitLease lease = await limiter.AcquireAsync())
        {
            Assert.True(lease.IsAcquired);
        }

        // The log holds one call: the first left the window before the second was granted, and the cancelled call took nothing.
        double second = (await store.Database.SortedSetRangeByRankWithScoresAsync("queue:rate:default:PUT /x")).Single().Score;
        Assert.True(second - first >= 500_000, $"{second - first} µs between answers"); // never two in one 500 ms window
    }

    [Fact]
    public async Task At_session_expiry_one_of_three_instances_renews_and_the_others_read_its_session()
    {
        var time = new FakeTimeProvider(Start);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = time, SessionTimeoutSeconds = 120 });
        string apiKey = await GeneratedClientTests.CreateSandboxUserAsync(bunq);
        var banks = new List<Bank>();
        for (int i = 0; i < 3; i++)
        {
            BunqOptions options = Options(bunq, apiKey, "a.key");
            options.TimeProvider = time;
            // GET unbounded here (a fake clock would hold a queue); session-server keeps bunq's 1 per 30 s, in Redis.
            options.RateLimits = new BunqRateLimits { PerMethod = { ["GET"] = new BunqRateLimit(10_000, TimeSpan.FromSeconds(3)) } };
            banks.Add(await Bank.ConnectAsync(options));
        }

        time.Advance(TimeSpan.FromSeconds(100)); // 20 s left: inside the 30 s renewal margin of every instance
        BunqList<UserPerson>[] results = await Task.WhenAll(banks.SelectMany(b => Enumerable.Range(0, 10).Select(_ => b.Users.ListAsync())));

        Assert.All(results, r => Assert.Single(r.Items));
        Assert.Equal(2, bunq.Requests.Count(r => r.Path == "/v1/session-server")); // the first instance's, and one renewal
        Assert.Single(banks.Select(b => b.Connection.Context!.Session!.Id).Distinct());
        Assert.Equal(Start.AddSeconds(100 + 120), banks[0].Connection.Context!.Session!.ExpiresAt);
        foreach (Bank bank in banks)
        {
            await bank.DisposeAsync();
        }
    }

    private static int ContextCalls(BunqEmulator bunq) =>
        bunq.Requests.Count(r => r.Path is "/v1/installation" or "/v1/device-server" or "/v1/session-server");

    private static int UserCalls(BunqEmulator bunq) => bunq.Requests.Count(r => r.Path == "/v1/user");

    private static ServiceProvider Configure(Dictionary<string, string?> values, bool addRedis = true)
    {
        var settings = new Dictionary<string, string?>(values) { ["Bunq:Environment"] = "Sandbox", ["Bunq:ApiKey"] = "sandbox_x" };
        var services = new ServiceCollection();
        services.AddBank(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Bunq"));
        if (addRedis)
        {
            services.AddBunqRedis();
        }

        return services.BuildServiceProvider();
    }

    private static BunqOptions Options(ServiceProvider provider) =>
        provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get("Bunq.EndToEnd.Tests.Bank");

    private BunqOptions Options(BunqEmulator bunq, string apiKey, string keyFile)
    {
        BunqOptions options = GeneratedClientTests.Options(bunq, apiKey);
        options.ContextStore = BunqContextStore.Redis(_redis.Configuration, BunqContextProtection.UserKey(Path.Combine(_keys, keyFile)), new BunqRedisOptions { KeyPrefix = "test" });
        return options;
    }

    private BunqRedisContextStore Store(string prefix) =>
        new(BunqRedisContextStore.Connect(_redis.Configuration), ownsConnection: true, BunqContextProtection.None, new BunqRedisOptions { KeyPrefix = prefix });

    private static async Task<int> ClientsAsync(ConnectionMultiplexer observer)
    {
        string info = (string)(await observer.GetDatabase().ExecuteAsync("INFO", "clients"))!;
        string line = info.Split('\n').Single(l => l.StartsWith("connected_clients:", StringComparison.Ordinal));
        return int.Parse(line["connected_clients:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (bounded) for Redis to see the closed connections go: a close reaches the server a moment later.</summary>
    private static async Task ClientsBackToAsync(ConnectionMultiplexer observer, int baseline)
    {
        int clients = await ClientsAsync(observer);
        for (int i = 0; i < 200 && clients > baseline; i++)
        {
            await Task.Delay(25);
            clients = await ClientsAsync(observer);
        }

        Assert.Equal(baseline, clients);
    }

    private async Task<byte[]> RawAsync(string key)
    {
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        return (byte[])(await redis.GetDatabase().StringGetAsync(key))!;
    }
}
