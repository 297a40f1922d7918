using System.Globalization;
using Bunq.Emulator;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.EndToEnd.Tests;

/// <summary>Session expiry, server-side logout and closing, over TLS against the emulator, on fake time.</summary>
public class SessionLifecycleTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-28T12:00:00Z", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Expiry_renews_the_session_once_while_a_hundred_requests_wait_and_all_succeed()
    {
        var time = new FakeTimeProvider(Start);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = time, SessionTimeoutSeconds = 120 });
        BunqOptions options = GeneratedClientTests.Options(bunq, await GeneratedClientTests.CreateSandboxUserAsync(bunq));
        options.TimeProvider = time;
        options.RateLimits = BunqRateLimits.None; // the emulator does not limit here; a fake clock would hold the queue
        await using Bank bank = await Bank.ConnectAsync(options);
        BunqSession first = bank.Connection.Context!.Session!;

        time.Advance(TimeSpan.FromSeconds(100)); // 20 s left: inside the 30 s renewal margin
        BunqList<UserPerson>[] results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => bank.Users.ListAsync()));

        Assert.All(results, r => Assert.Single(r.Items));
        Assert.Equal(2, bunq.Requests.Count(r => r.Path.EndsWith("/session-server", StringComparison.Ordinal)));
        BunqSession second = bank.Connection.Context!.Session!;
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(Start.AddSeconds(100 + 120), second.ExpiresAt);
        Assert.Equal(100, bunq.Requests.Count(r => r.Path == "/v1/user" && r.Status == 200));
    }

    [Fact]
    public async Task A_server_side_logout_is_renewed_once_and_the_waiting_requests_are_resent_signed()
    {
        var emulatorTime = new FakeTimeProvider(Start);
        var clientTime = new FakeTimeProvider(Start);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = emulatorTime });
        BunqOptions options = GeneratedClientTests.Options(bunq, await GeneratedClientTests.CreateSandboxUserAsync(bunq));
        options.TimeProvider = clientTime;
        options.RateLimits = BunqRateLimits.None;
        await using Bank bank = await Bank.ConnectAsync(options);
        clientTime.Advance(TimeSpan.FromSeconds(31)); // the session looks valid to us

        bunq.EndAllSessions();
        BunqList<UserPerson>[] results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => bank.Users.ListAsync()));

        Assert.All(results, r => Assert.Single(r.Items));
        Assert.Equal(2, bunq.Requests.Count(r => r.Path.EndsWith("/session-server", StringComparison.Ordinal)));
        var users = bunq.Requests.Where(r => r.Path == "/v1/user").ToList();
        Assert.Equal(10, users.Count(r => r.Status == 200));
        Assert.All(users.Where(r => r.Status == 401), r => Assert.True(r.Signed));
        Assert.Equal(users.Count, users.Select(r => r.RequestId).Distinct().Count()); // every attempt had its own request id
    }

    [Fact]
    public async Task Renewal_waits_in_the_rate_limiter_for_session_servers_thirty_second_window()
    {
        var time = new FakeTimeProvider(Start);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { TimeProvider = time });
        BunqOptions options = GeneratedClientTests.Options(bunq, await GeneratedClientTests.CreateSandboxUserAsync(bunq));
        options.TimeProvider = time;
        await using Bank bank = await Bank.ConnectAsync(options);
        time.Advance(TimeSpan.FromSeconds(10));
        bunq.EndAllSessions();

        Task<BunqList<UserPerson>> call = bank.Users.ListAsync();
        BunqRateLimiter limiter = bank.Connection.Parts.RateLimiter;
        await WaitUntil(() => limiter.QueuedFor("POST", "/v1/session-server") == 1);
        // On the fake clock nothing moves until the test moves it: at 30 s (the window plus its 100 ms margin not yet
        // over) the renewal is still queued, which the limiter says without any waiting in real time.
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, limiter.QueuedFor("POST", "/v1/session-server"));
        Assert.Equal(1, bunq.Requests.Count(r => r.Path.EndsWith("/session-server", StringComparison.Ordinal)));
        time.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Single((await call).Items);
        Assert.Equal(2, bunq.Requests.Count(r => r.Path.EndsWith("/session-server", StringComparison.Ordinal)));
        Assert.DoesNotContain(bunq.Requests, r => r.Status == 429); // the emulator enforces 1 per 30 s; we kept to it
    }

    [Fact]
    public async Task A_service_calling_once_a_minute_for_three_timeouts_opens_one_session_and_an_idle_one_renews_once()
    {
        var time = new FakeTimeProvider(Start);
        TimeSpan timeout = TimeSpan.FromHours(1);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { TimeProvider = time, SessionTimeoutSeconds = (int)timeout.TotalSeconds });
        BunqOptions options = GeneratedClientTests.Options(bunq, await GeneratedClientTests.CreateSandboxUserAsync(bunq));
        options.TimeProvider = time;
        await using Bank bank = await Bank.ConnectAsync(options);
        long sessionId = bank.Connection.Context!.Session!.Id;

        // Steady use: bunq extends the session on every call in its last 30 minutes, and the client keeps in step.
        for (int minute = 1; minute <= 180; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            Assert.Single((await bank.Users.ListAsync()).Items);
        }

        Assert.Equal(1, bunq.Requests.Count(r => r.Path.EndsWith("/session-server", StringComparison.Ordinal)));
        Assert.Equal(sessionId, bank.Connection.Context!.Session!.Id);
        Assert.Equal(Start.AddMinutes(180) + timeout, bank.Connection.Context.Session.ExpiresAt);

        // Idle past the timeout: the next call opens one new session first, and nothing is refused on the way.
        time.Advance(timeout + TimeSpan.FromMinutes(1));
        Assert.Single((await bank.Users.ListAsync()).Items);

        Assert.Equal(2, bunq.Requests.Count(r => r.Path.EndsWith("/session-server", StringComparison.Ordinal)));
        Assert.NotEqual(sessionId, bank.Connection.Context!.Session!.Id);
        Assert.DoesNotContain(bunq.Requests, r => r.Status is 401 or 429);
    }

    [Fact]
    public async Task Closing_ends_the_session_at_bunq()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        await using Bank bank = await Bank.ConnectAsync(GeneratedClientTests.Options(bunq, await GeneratedClientTests.CreateSandboxUserAsync(bunq)));
        long sessionId = bank.Connection.Context!.Session!.Id;

        await bank.Connection.CloseAsync();

        EmulatorRequest delete = bunq.Requests.Single(r => r.Method == "DELETE");
        Assert.Equal($"/v1/session/{sessionId}", delete.Path);
        Assert.Equal(200, delete.Status);
        Assert.Null(bank.Connection.Context!.Session);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
