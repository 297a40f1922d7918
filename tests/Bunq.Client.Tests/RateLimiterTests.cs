using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Client.Tests;

public sealed class RateLimiterTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly BunqRateLimiter _limiter;

    public RateLimiterTests() =>
        _limiter = new BunqRateLimiter(new BunqRateLimits { Margin = TimeSpan.Zero, QueueLimit = 2 }, _time);

    [Fact]
    public async Task Three_gets_pass_the_fourth_waits_exactly_until_the_first_leaves_the_window()
    {
        for (int i = 0; i < 3; i++)
        {
            Assert.True((await Acquire("GET", "user/1")).IsAcquired);
        }

        Task<RateLimitLease> fourth = Acquire("GET", "user/2").AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.False(fourth.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True((await fourth).IsAcquired);
    }

    [Fact]
    public async Task Calls_on_different_objects_of_one_endpoint_share_its_limit_whatever_their_ids()
    {
        for (int i = 0; i < 3; i++)
        {
            Assert.True((await Acquire("GET", $"attachment-public/{Guid.NewGuid():D}/content")).IsAcquired);
        }

        Task<RateLimitLease> fourth = Acquire("GET", $"attachment-public/{Guid.NewGuid():D}/content").AsTask();
        Assert.False(fourth.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True((await fourth).IsAcquired);
    }

    [Fact]
    public async Task Waiters_are_served_in_order_and_a_cancelled_one_gives_way()
    {
        for (int i = 0; i < 2; i++)
        {
            await Acquire("PUT", "x/1");
        }

        using var cancel = new CancellationTokenSource();
        Task<RateLimitLease> first = Acquire("PUT", "x/1", cancel.Token).AsTask();
        Task<RateLimitLease> second = Acquire("PUT", "x/1").AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.True((await second).IsAcquired);
    }

    [Fact]
    public async Task Endpoints_and_verbs_are_limited_separately_and_session_server_has_its_own_limit()
    {
        for (int i = 0; i < 3; i++)
        {
            await Acquire("GET", "user/1/monetary-account-bank");
        }

        Assert.True((await Acquire("GET", "user/1")).IsAcquired);
        for (int i = 0; i < 5; i++)
        {
            Assert.True((await Acquire("POST", "user/1/monetary-account/2/payment")).IsAcquired);
        }

        Assert.True((await Acquire("POST", "session-server")).IsAcquired);
        Task<RateLimitLease> second = Acquire("POST", "session-server").AsTask();
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(second.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await second).IsAcquired);
        Assert.True((await Acquire("DELETE", "session/1")).IsAcquired); // bunq documents no DELETE limit
    }

    [Fact]
    public async Task A_full_queue_is_a_clear_error_not_a_silent_drop()
    {
        for (int i = 0; i < 3; i++)
        {
            await Acquire("GET", "user");
        }

        _ = Acquire("GET", "user").AsTask();
        _ = Acquire("GET", "user").AsTask();
        var e = await Assert.ThrowsAsync<BunqException>(() => Acquire("GET", "user").AsTask());
        Assert.Contains("GET /user", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.bunq.com/v1/user/123/monetary-account/45/payment?count=10", "/user/{}/monetary-account/{}/payment")]
    [InlineData("https://127.0.0.1:5000/v1/session-server", "/session-server")]
    [InlineData("https://host/user", "/user")]
    [InlineData("https://host/v1", "/")]
    [InlineData("https://host/v1x/user/12", "/v1x/user/{}")]
    [InlineData("https://host/proxy/v1/user/12/v1/card", "/card")]
    [InlineData("https://host/v1//user//12/", "/user/{}")]
    [InlineData("https://host/v1/user/12a/card", "/user/12a/card")]
    [InlineData("https://api.bunq.com/v1/attachment-public/0b1e3c1a-8a0f-4a86-9f39-2b6a8f3c2d11/content", "/attachment-public/{}/content")]
    public void Endpoint_keys_take_the_ids_out(string url, string expected) =>
        Assert.Equal(expected, BunqRateLimiter.EndpointOf(new Uri(url)));

    [Fact]
    public void A_path_longer_than_the_stack_buffer_still_gets_its_key()
    {
        string segment = new('a', 40);
        string path = string.Join('/', Enumerable.Repeat(segment + "/1", 30));

        Assert.Equal("/" + string.Join('/', Enumerable.Repeat(segment + "/{}", 30)), BunqRateLimiter.EndpointOf(new Uri("https://host/v1/" + path)));
    }

    public void Dispose() => _limiter.Dispose();

    private ValueTask<RateLimitLease> Acquire(string method, string path, CancellationToken cancellationToken = default) =>
        _limiter.AcquireAsync(BunqCall.Start(new HttpRequestMessage(new HttpMethod(method), "https://api.bunq.com/v1/" + path), BunqEndpointManifest.Empty), cancellationToken);
}
