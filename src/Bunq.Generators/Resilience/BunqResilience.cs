using System.Net.Http;
using Polly;
using Polly.Retry;

namespace Bunq;

/// <summary>
/// The retry rules, as a Polly pipeline run by <see cref="BunqResilienceHandler"/> outside the signing handler, so every
/// attempt is signed afresh with a new request id:
/// <list type="bullet">
/// <item>429 is retried for every verb: bunq refused the call before executing it.</item>
/// <item>5xx, timeouts and connection failures are retried only for GET, PUT, DELETE and HEAD.</item>
/// <item>A POST that may have reached the bank (5xx, connection lost) is never retried: it could pay twice.</item>
/// <item>A response that failed signature verification, a pin mismatch and every other 4xx are never retried.</item>
/// </list>
/// </summary>
internal static class BunqResilience
{
    /// <summary>Whether a failed attempt may be tried again.</summary>
    public static bool IsRetryable(HttpMethod method, Exception? exception) => exception switch
    {
        BunqRateLimitException => true,
        BunqApiException api => api.StatusCode >= 500 && IsIdempotent(method),
        BunqException => false, // signature, pinning, configuration: retrying cannot help
        HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException => IsIdempotent(method),
        _ => false,
    };

    /// <summary>The pipeline for <paramref name="retry"/> on <paramref name="timeProvider"/>.</summary>
    /// <param name="retry">The retry options.</param>
    /// <param name="timeProvider">The clock the back-off waits on.</param>
    /// <param name="limits">The limits whose per-endpoint windows set the wait after a 429 there; null for none.</param>
    public static ResiliencePipeline<HttpResponseMessage> CreatePipeline(BunqRetryOptions retry, TimeProvider timeProvider, BunqRateLimits? limits = null) =>
        Build(timeProvider, builder => Configure(builder, retry, limits));

    // Both ConnectAsync and dependency injection get the pipeline through CreatePipeline (from BunqPipelineParts, once
    // per client): there is no second way to add these rules.
    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, BunqRetryOptions retry, BunqRateLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(retry);
        if (retry.MaxRetryAttempts <= 0)
        {
            return;
        }

        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = retry.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = retry.BaseDelay,
            ShouldHandle = args => ValueTask.FromResult(
                args.Context.GetRequestMessage() is { } request && IsRetryable(request.Method, args.Outcome.Exception)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                args.Outcome.Exception is BunqRateLimitException
                    ? RateLimitWait(retry, limits, args.Context.GetRequestMessage()) + Jitter(retry.BaseDelay)
                    : null),
        });
    }

    /// <summary>The per-attempt timeout pipeline, placed between the rate limiter and the signing handler.</summary>
    public static ResiliencePipeline<HttpResponseMessage> CreateAttemptPipeline(BunqRetryOptions retry, TimeProvider timeProvider) =>
        Build(timeProvider, builder => ConfigureAttempt(builder, retry));

    private static void ConfigureAttempt(ResiliencePipelineBuilder<HttpResponseMessage> builder, BunqRetryOptions retry)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(retry);
        builder.AddTimeout(retry.AttemptTimeout);
    }

    private static ResiliencePipeline<HttpResponseMessage> Build(TimeProvider timeProvider, Action<ResiliencePipelineBuilder<HttpResponseMessage>> configure)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        configure(builder);
        return builder.Build();
    }

    // A session-server 429 means its 30 s window is used up: retrying after 3 s could only be refused again (four
    // retries would all fail inside the window), so an endpoint with its own longer window waits that window.
    private static TimeSpan RateLimitWait(BunqRetryOptions retry, BunqRateLimits? limits, HttpRequestMessage? request) =>
        limits is not null && request is not null && limits.EndpointLimit(BunqCall.Of(request).Operation.RateLimitKey) is { } own
            && own.Window + limits.Margin > retry.RateLimitDelay
            ? own.Window + limits.Margin
            : retry.RateLimitDelay;

    /// <summary>Whether repeating a call cannot do twice what it did once (GET, PUT, DELETE, HEAD; never POST).</summary>
    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Head;

    // Spreads the 429 retries of concurrent callers over a little time, so they do not return in lockstep.
    private static TimeSpan Jitter(TimeSpan scale) => scale * (Random.Shared.NextDouble() * 0.25);
}
