using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Client.Tests;

/// <summary>
/// bunq extends a session used within its last 30 minutes to now + its timeout; the session manager keeps its own idea of
/// the expiry in step, so a session in steady use is never replaced. On the fake clock.
/// </summary>
public sealed class SessionExtensionTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-01T09:00:00Z", CultureInfo.InvariantCulture);
    private static readonly Uri BaseAddress = new("https://bunq.test/v1/");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly BunqKeyPair _clientKey = BunqKeyPair.Generate();
    private readonly RSA _server = RSA.Create(2048);
    private readonly CountingTransport _transport = new();

    [Fact]
    public async Task A_successful_call_in_the_last_30_minutes_moves_the_expiry_to_the_call_plus_the_timeout()
    {
        using BunqSessionManager manager = await ManagerAsync(TimeSpan.FromHours(1));
        BunqSession session = manager.Current!.Session!;

        _time.Advance(TimeSpan.FromMinutes(40)); // 20 minutes left
        manager.SessionUsed(session.Token, _time.GetUtcNow());

        Assert.Equal(Start.AddMinutes(40).AddHours(1), manager.Current!.Session!.ExpiresAt);
        Assert.Equal(session.Id, manager.Current.Session.Id);
    }

    [Fact]
    public async Task A_call_before_the_last_30_minutes_leaves_the_expiry_alone()
    {
        using BunqSessionManager manager = await ManagerAsync(TimeSpan.FromHours(1));
        BunqSession session = manager.Current!.Session!;

        _time.Advance(TimeSpan.FromMinutes(29)); // 31 minutes left: bunq does not extend yet
        manager.SessionUsed(session.Token, _time.GetUtcNow());

        Assert.Equal(Start.AddHours(1), manager.Current!.Session!.ExpiresAt);
    }

    [Fact]
    public async Task A_call_made_with_a_replaced_sessions_token_or_without_a_known_timeout_changes_nothing()
    {
        using BunqSessionManager manager = await ManagerAsync(TimeSpan.FromHours(1));
        _time.Advance(TimeSpan.FromMinutes(50));
        manager.SessionUsed(new BunqSecret("another-session-token"), _time.GetUtcNow());
        Assert.Equal(Start.AddHours(1), manager.Current!.Session!.ExpiresAt);

        using BunqSessionManager unknown = await ManagerAsync(timeout: null);
        unknown.SessionUsed(unknown.Current!.Session!.Token, _time.GetUtcNow());
        Assert.Equal(Start.AddHours(1), unknown.Current!.Session!.ExpiresAt);
    }

    [Fact]
    public async Task A_session_used_once_a_minute_for_three_timeouts_is_never_replaced_and_an_idle_one_is()
    {
        TimeSpan timeout = TimeSpan.FromHours(1);
        using BunqSessionManager manager = await ManagerAsync(timeout);
        BunqSession first = manager.Current!.Session!;

        for (int minute = 1; minute <= 180; minute++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            BunqCredentials credentials = await manager.GetCredentialsAsync(BunqAuthentication.Session, default);
            manager.SessionUsed(credentials.Token!, _time.GetUtcNow());
        }

        Assert.Equal(0, _transport.Calls); // no session-server call in three hours of steady use
        Assert.Same(first.Token, manager.Current!.Session!.Token);
        Assert.Equal(_time.GetUtcNow() + timeout, manager.Current.Session.ExpiresAt);

        _time.Advance(timeout); // idle past the (extended) expiry: the next call must open a new session
        await Assert.ThrowsAnyAsync<Exception>(() => manager.GetCredentialsAsync(BunqAuthentication.Session, default).AsTask());
        Assert.Equal(1, _transport.Calls);
        Assert.Equal("/v1/session-server", _transport.LastPath);
    }

    public void Dispose()
    {
        _transport.Dispose();
        _clientKey.Dispose();
        _server.Dispose();
    }

    private async Task<BunqSessionManager> ManagerAsync(TimeSpan? timeout)
    {
        IBunqContextStore store = BunqContextStore.InMemory();
        var session = new BunqSession(7, new BunqSecret("session-token-value"), 42, Start.AddHours(1)) { Timeout = timeout };
        await store.SaveAsync(new BunqApiContext(BaseAddress, _clientKey, BunqServerPublicKey.FromPem(_server.ExportSubjectPublicKeyInfoPem()),
            new BunqSecret("installation-token"), new BunqSecret("sandbox_key"), session), default);
        var options = new BunqOptions { BaseAddress = BaseAddress, ContextStore = store, TimeProvider = _time, Retry = BunqRetryOptions.None };
        var manager = new BunqSessionManager(new BunqPipelineParts(options), _transport);
        await manager.GetContextAsync(default);
        return manager;
    }

    /// <summary>Counts context calls and refuses them: these tests only care whether one was made.</summary>
    private sealed class CountingTransport : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public string? LastPath { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            LastPath = request.RequestUri!.AbsolutePath;
            throw new HttpRequestException("no network in this test");
        }
    }
}
