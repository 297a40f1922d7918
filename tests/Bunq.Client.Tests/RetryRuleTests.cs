using System.Threading.Channels;

namespace Bunq.Client.Tests;

public class RetryRuleTests
{
    public static TheoryData<string, Exception, bool> Cases => new()
    {
        { "GET", new BunqRateLimitException(["slow down"], null, false), true },
        { "POST", new BunqRateLimitException(["slow down"], null, false), true },
        { "GET", new BunqApiException(503, [], null, false), true },
        { "PUT", new BunqApiException(500, [], null, false), true },
        { "POST", new BunqApiException(500, [], null, false), false },
        { "POST", new BunqApiException(503, [], null, false), false },
        { "GET", new HttpRequestException("connection reset"), true },
        { "POST", new HttpRequestException("connection reset"), false },
        { "GET", new BunqApiException(400, [], null, true), false },
        { "GET", new BunqApiException(466, [], null, true), false },
        { "GET", new BunqSignatureException("tampered", 200, null), false },
        { "GET", new BunqPinningException("pin", "api.bunq.com", [], null), false },
        { "DELETE", new TimeoutException(), true },
        { "POST", new TimeoutException(), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_calls_that_cannot_have_executed_twice_are_retried(string method, Exception failure, bool retried) =>
        Assert.Equal(retried, BunqResilience.IsRetryable(new HttpMethod(method), failure));
}

public class RateLimitWaitTests
{
    [Theory]
    [InlineData("POST", "session-server", 30)] // its own window: retrying after 3 s would only be refused again
    [InlineData("GET", "user", 3)]
    [InlineData("POST", "user/1/monetary-account/2/payment", 3)]
    public async Task A_429_is_retried_after_the_window_of_the_endpoints_own_limit(string method, string path, int windowSeconds)
    {
        var time = new TimerRecordingTime();
        var transport = new RefusesOnce();
        using var invoker = new HttpMessageInvoker(new BunqResilienceHandler(
            BunqResilience.CreatePipeline(new BunqRetryOptions(), time, BunqRateLimits.Documented)) { InnerHandler = transport });

        // the retry rules read the endpoint from the call record the pipeline's outermost handler makes
        var request = new HttpRequestMessage(new HttpMethod(method), "https://api.bunq.com/v1/" + path);
        BunqCall.Start(request, BunqEndpointManifest.Empty);
        Task<HttpResponseMessage> call = invoker.SendAsync(request, default);
        await transport.WaitForAttemptsAsync(1);
        TimeSpan delay = await time.NextTimerAsync();
        // The retry waits the window (an endpoint's own one with its 100 ms margin) and under 250 ms of jitter; read from
        // the timer it set, not by watching real time pass.
        Assert.InRange(delay, TimeSpan.FromSeconds(windowSeconds), TimeSpan.FromSeconds(windowSeconds) + TimeSpan.FromMilliseconds(350));
        time.Advance(TimeSpan.FromSeconds(windowSeconds) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, transport.Attempts);

        time.Advance(TimeSpan.FromSeconds(1)); // the margin (100 ms) and the jitter (under 250 ms) fit in this second
        using HttpResponseMessage response = await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, transport.Attempts);
    }

    private sealed class RefusesOnce : HttpMessageHandler
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public async Task WaitForAttemptsAsync(int count)
        {
            for (int i = 0; i < 1000 && Attempts < count; i++)
            {
                await Task.Delay(10);
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _attempts) == 1
                ? throw new BunqRateLimitException(["Too many requests."], null, false)
                : Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
    }
}

/// <summary>A fake clock that reports the due time of every timer set on it.</summary>
internal sealed class TimerRecordingTime : Microsoft.Extensions.Time.Testing.FakeTimeProvider
{
    private readonly Channel<TimeSpan> _dueTimes = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _dueTimes.Writer.TryWrite(dueTime);
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }

    public async Task<TimeSpan> NextTimerAsync() => await _dueTimes.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
}
