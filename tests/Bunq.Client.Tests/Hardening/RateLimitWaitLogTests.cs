using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Client.Tests.Hardening;

/// <summary>A call queued for bunq's rate limit is logged with its wait, so a long pause is never a mystery.</summary>
public sealed class RateLimitWaitLogTests : IDisposable
{
    private readonly HostileServer _server = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeLogCollector _logs = new();

    [Fact]
    public async Task A_second_session_server_call_is_logged_at_information_with_its_wait_of_about_thirty_seconds()
    {
        using HttpMessageInvoker invoker = Invoker();

        (await invoker.SendAsync(SessionServer(), default)).Dispose();
        Assert.DoesNotContain(_logs.GetSnapshot(), r => r.Id.Id == 2008); // a free permit is not a wait

        Task<HttpResponseMessage> second = invoker.SendAsync(SessionServer(), default);
        FakeLogRecord wait = Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 2008);
        Assert.False(second.IsCompleted);
        Assert.Equal(LogLevel.Information, wait.Level);
        Assert.Equal("Waiting about 30.1 s for bunq's rate limit before POST /session-server", wait.Message);
        Assert.Equal("POST /session-server", wait.GetStructuredStateValue("Endpoint"));

        _time.Advance(TimeSpan.FromSeconds(30.1));
        (await second).Dispose();
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_short_wait_for_the_per_second_limit_is_logged_at_debug_only()
    {
        using HttpMessageInvoker invoker = Invoker();
        for (int i = 0; i < 3; i++)
        {
            (await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default)).Dispose();
        }

        _time.Advance(TimeSpan.FromSeconds(2.5));
        Task<HttpResponseMessage> fourth = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default);

        FakeLogRecord wait = Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 2008);
        Assert.Equal(LogLevel.Debug, wait.Level);
        Assert.Equal("Waiting about 0.6 s for bunq's rate limit before GET /user", wait.Message);
        _time.Advance(TimeSpan.FromSeconds(1));
        (await fourth).Dispose();
    }

    [Fact]
    public async Task Time_queued_for_a_permit_does_not_count_against_the_total_timeout()
    {
        BunqOptions options = Options();
        options.Retry = new BunqRetryOptions { TotalTimeout = TimeSpan.FromSeconds(10) };
        using HttpMessageInvoker invoker = _server.Invoker(options);
        (await invoker.SendAsync(SessionServer(), default)).Dispose();

        Task<HttpResponseMessage> second = invoker.SendAsync(SessionServer(), default);
        _time.Advance(TimeSpan.FromSeconds(30.1)); // three times the total bound, all of it queued

        using HttpResponseMessage response = await second;
        Assert.True(response.IsSuccessStatusCode);
    }

    public void Dispose() => _server.Dispose();

    private HttpMessageInvoker Invoker() => _server.Invoker(Options());

    private BunqOptions Options()
    {
        BunqOptions options = HostileServer.Options();
        options.TimeProvider = _time;
        options.LoggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
        return options;
    }

    private static HttpRequestMessage SessionServer() =>
        new(HttpMethod.Post, "https://bunq.test/v1/session-server") { Content = new StringContent("""{"secret":"x"}""") };
}
