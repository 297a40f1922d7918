using Microsoft.Extensions.Logging;
using Polly;

namespace Bunq;

/// <summary>
/// What every handler of one client shares: its options, its session provider, its one rate limiter and its retry and
/// attempt pipelines. Made once per client (by <see cref="BunqConnection.ConnectAsync"/> or the DI container), so
/// however many handler chains exist — <c>IHttpClientFactory</c> rotates them — they count against one limit.
/// </summary>
internal sealed class BunqPipelineParts
{
    public BunqPipelineParts(BunqOptions options, IBunqSessionProvider sessions, BunqEndpointManifest? manifest = null, BunqRateLimiter? rateLimiter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sessions);
        Options = options;
        Sessions = sessions;
        Manifest = manifest ?? BunqEndpointManifest.Empty;
        Logger = options.LoggerFactory.CreateLogger(BunqHttp.LogCategory);
        MaxResponseBodyBytes = BunqOptions.CheckMaxResponseBodyBytes(options.MaxResponseBodyBytes);
        // Before any handler exists, so no request is ever sent with a header value that could split the header.
        BunqHeaderValues.Check(options);
        TotalTimeout = CheckTotalTimeout(options.Retry.TotalTimeout);
        OwnsRateLimiter = rateLimiter is null;
        RateLimiter = rateLimiter ?? new BunqRateLimiter(options.RateLimits, options.TimeProvider, options.ContextStore as IBunqSharedContextStore);
        Retry = BunqResilience.CreatePipeline(options.Retry, options.TimeProvider, options.RateLimits);
        Attempt = BunqResilience.CreateAttemptPipeline(options.Retry, options.TimeProvider);
    }

    public BunqOptions Options { get; }

    public IBunqSessionProvider Sessions { get; }

    public BunqEndpointManifest Manifest { get; }

    public ILogger Logger { get; }

    public long MaxResponseBodyBytes { get; }

    /// <summary>The bound on one call's whole time (<see cref="BunqRetryOptions.TotalTimeout"/>), validated.</summary>
    public TimeSpan TotalTimeout { get; }

    public BunqRateLimiter RateLimiter { get; }

    /// <summary>Whether the limiter was made for this chain alone (and goes when the chain is disposed).</summary>
    public bool OwnsRateLimiter { get; }

    /// <summary>Retries (429, transient failures of idempotent calls), outside authentication.</summary>
    public ResiliencePipeline<HttpResponseMessage> Retry { get; }

    /// <summary>The per-attempt timeout, inside the rate limiter so a queued call is not a slow one.</summary>
    public ResiliencePipeline<HttpResponseMessage> Attempt { get; }

    internal static TimeSpan CheckTotalTimeout(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan || (value > TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue)
            ? value
            : throw new BunqConfigurationException($"BunqRetryOptions.TotalTimeout (Bunq:Retry:TotalTimeout) must be positive and at most {int.MaxValue} ms, or Timeout.InfiniteTimeSpan; it is {value}.");
}
