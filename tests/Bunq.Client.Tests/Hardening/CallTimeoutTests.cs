using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Client.Tests.Hardening;

/// <summary>
/// A call is bounded in total, and every way of getting no answer surfaces as <see cref="BunqTransportException"/>;
/// the caller's own cancellation stays <see cref="OperationCanceledException"/>. Time is the fake clock's.
/// </summary>
public sealed class CallTimeoutTests : IDisposable
{
    private readonly HostileServer _server = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_server_that_never_answers_fails_a_get_within_two_minutes_by_default_as_a_transport_timeout()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), new BunqRetryOptions().TotalTimeout);
        using HttpMessageInvoker invoker = NeverAnswering(new BunqRetryOptions(), out Counter attempts);
        DateTimeOffset start = _time.GetUtcNow();

        Task<HttpResponseMessage> call = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user/42/monetary-account?secret=1"), default);
        TimeSpan elapsed = await RunClockUntilDoneAsync(call, start);

        var e = await Assert.ThrowsAsync<BunqTransportException>(() => call);
        Assert.True(e.IsTimeout);
        // was 5 attempts × 100 s plus back-off: 511 s. The clock moves in one-second steps: the call ends in the step that
        // reaches two minutes, or (on a loaded machine, its cancellation still on the way) the next one.
        Assert.InRange(elapsed, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(2, attempts.Value); // 100 s, back-off, then the remainder of the two minutes
        Assert.Contains("GET /user/{}/monetary-account to bunq.test", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("42", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
    }

    [Fact]
    public async Task The_total_timeout_is_an_option_and_bounds_the_attempts_and_their_back_off()
    {
        using HttpMessageInvoker invoker = NeverAnswering(new BunqRetryOptions { TotalTimeout = TimeSpan.FromSeconds(45), AttemptTimeout = TimeSpan.FromSeconds(10) }, out Counter attempts);
        DateTimeOffset start = _time.GetUtcNow();

        Task<HttpResponseMessage> call = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default);
        TimeSpan elapsed = await RunClockUntilDoneAsync(call, start);

        Assert.True((await Assert.ThrowsAsync<BunqTransportException>(() => call)).IsTimeout);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(46));
        Assert.InRange(attempts.Value, 3, 5); // 10 s attempts with 1 s, 2 s, 4 s (jittered) back-off in between
    }

    [Fact]
    public async Task An_attempt_timeout_on_a_post_is_not_retried_and_is_a_transport_timeout_naming_the_attempt_limit()
    {
        using HttpMessageInvoker invoker = NeverAnswering(new BunqRetryOptions { AttemptTimeout = TimeSpan.FromSeconds(10) }, out Counter attempts);
        DateTimeOffset start = _time.GetUtcNow();

        Task<HttpResponseMessage> call = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://bunq.test/v1/user/1/monetary-account/2/payment") { Content = new StringContent("{}") }, default);
        TimeSpan elapsed = await RunClockUntilDoneAsync(call, start);

        var e = await Assert.ThrowsAsync<BunqTransportException>(() => call);
        Assert.True(e.IsTimeout);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(11));
        Assert.Equal(1, attempts.Value);
        Assert.Contains("AttemptTimeout (10 s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("outcome is unknown", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_cancellation_wins_and_stays_an_operation_canceled_exception()
    {
        using HttpMessageInvoker invoker = NeverAnswering(new BunqRetryOptions(), out _);
        using var cancel = new CancellationTokenSource();

        Task<HttpResponseMessage> call = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), cancel.Token);
        _time.Advance(TimeSpan.FromSeconds(5));
        await cancel.CancelAsync();

        Exception e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<BunqTransportException>(e);
    }

    [Fact]
    public async Task After_a_call_that_ran_out_of_time_or_was_cancelled_the_next_calls_get_their_own_full_time()
    {
        // The deadline is pooled: a call after a timeout or a cancellation reuses it, and must neither start cancelled
        // nor inherit what was left of the previous call's time.
        var retry = new BunqRetryOptions { TotalTimeout = TimeSpan.FromSeconds(3), MaxRetryAttempts = 0 };
        var options = new BunqOptions { BaseAddress = new Uri("https://bunq.test/v1/"), TimeProvider = _time, Retry = retry, RateLimits = BunqRateLimits.None };
        var hangs = new HangsWhenTold(_server.Transport);
        using var invoker = new HttpMessageInvoker(BunqHttp.CreatePipeline(options, _server.Sessions, transport: hangs));

        for (int round = 0; round < 2; round++)
        {
            hangs.Hang = true;
            DateTimeOffset start = _time.GetUtcNow();
            Task<HttpResponseMessage> timedOut = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default);
            TimeSpan elapsed = await RunClockUntilDoneAsync(timedOut, start);
            Assert.True((await Assert.ThrowsAsync<BunqTransportException>(() => timedOut)).IsTimeout);
            Assert.InRange(elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));

            using var cancel = new CancellationTokenSource();
            Task<HttpResponseMessage> cancelled = invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), cancel.Token);
            _time.Advance(TimeSpan.FromSeconds(2));
            await cancel.CancelAsync();
            Assert.IsNotType<BunqTransportException>(await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled));

            hangs.Hang = false;
            using HttpResponseMessage answered = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }
    }

    [Fact]
    public async Task A_refused_connection_on_a_real_closed_loopback_port_is_a_transport_exception_not_refits()
    {
        int port = ClosedPort();
        var options = new BunqOptions { BaseAddress = new Uri($"https://127.0.0.1:{port}/v1/"), Retry = BunqRetryOptions.None };
        using var http = new HttpClient(BunqHttp.CreatePipeline(options, _server.Sessions)) { BaseAddress = options.ResolveBaseAddress() };
        IUserProbe api = Refit.RestService.ForGenerated<IUserProbe>(http, BunqRefit.Settings(new BunqContentSerializer()));

        var e = await Assert.ThrowsAsync<BunqTransportException>(() => api.GetAsync(42, "query-secret"));

        Assert.False(e.IsTimeout);
        Assert.IsType<HttpRequestException>(e.InnerException);
        // the route template, the same one the call's span is named after: never the URL with its ids and query
        Assert.Contains("GET /user/{userId}/thing to 127.0.0.1 failed: the connection was refused. The request was not sent.", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("query-secret", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("42", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_refit_call_stays_an_operation_canceled_exception()
    {
        using var http = new HttpClient(BunqHttp.CreatePipeline(HostileServer.Options(), _server.Sessions, transport: _server.Transport))
        {
            BaseAddress = new Uri("https://bunq.test/v1/"),
        };
        IUserProbe api = Refit.RestService.ForGenerated<IUserProbe>(http, BunqRefit.Settings(new BunqContentSerializer()));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => api.GetAsync(1, "q", new CancellationToken(canceled: true)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_total_timeout_that_is_not_positive_is_a_configuration_error(int seconds) =>
        Assert.Throws<BunqConfigurationException>(() => _server.Invoker(new BunqOptions
        {
            BaseAddress = new Uri("https://bunq.test/v1/"),
            Retry = new BunqRetryOptions { TotalTimeout = TimeSpan.FromSeconds(seconds) },
        }));

    public void Dispose() => _server.Dispose();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private HttpMessageInvoker NeverAnswering(BunqRetryOptions retry, out Counter attempts)
    {
        var counter = new Counter();
        attempts = counter;
        var options = new BunqOptions { BaseAddress = new Uri("https://bunq.test/v1/"), TimeProvider = _time, Retry = retry, RateLimits = BunqRateLimits.None };
        return new HttpMessageInvoker(BunqHttp.CreatePipeline(options, _server.Sessions, transport: new Silent(counter)));
    }

    /// <summary>Moves the fake clock a second at a time until the call ends; returns the fake time it took.</summary>
    private async Task<TimeSpan> RunClockUntilDoneAsync(Task call, DateTimeOffset start)
    {
        for (int i = 0; i < 1_000 && !call.IsCompleted; i++)
        {
            // let the pipeline reach its next timer before the clock moves past it (a yield, not a time threshold)
            for (int spin = 0; spin < 50 && !call.IsCompleted; spin++)
            {
                await Task.Yield();
                await Task.Delay(1);
            }

            if (!call.IsCompleted)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Assert.True(call.IsCompleted, "the call never ended");
        return _time.GetUtcNow() - start;
    }

    internal sealed class Counter
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }

    /// <summary>Answers through the hostile server, or, while <see cref="Hang"/> is set, never answers until cancelled.</summary>
    private sealed class HangsWhenTold(HttpMessageHandler answers) : DelegatingHandler(answers)
    {
        private volatile bool _hang;

        public bool Hang
        {
            get => _hang;
            set => _hang = value;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Accepts the request and never answers, until cancelled.</summary>
    private sealed class Silent(Counter attempts) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            attempts.Increment();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}

[BunqEndpoint, Signed]
public interface IUserProbe
{
    [Refit.Get("/user/{userId}/thing")]
    Task<BunqId> GetAsync(long userId, [Refit.AliasAs("q")] string query, CancellationToken cancellationToken = default);
}
