using Microsoft.Extensions.Logging;
using Polly;
using Refit;

namespace Bunq;

/// <summary>
/// What every handler chain of one client shares: its options, its one rate limiter, its retry and attempt pipelines,
/// and its one serializer and Refit settings. Made once per client (by <see cref="BunqConnection.ConnectAsync"/> or the
/// DI container), so however many chains exist — <c>IHttpClientFactory</c> rotates them, and each context call has one
/// of its own — they count against one limit and build System.Text.Json's metadata once. It holds no session provider:
/// the chain for the endpoints and the chain for the context calls differ only there (<see cref="BunqPipeline.Build"/>).
/// </summary>
internal sealed class BunqPipelineParts
{
    public BunqPipelineParts(BunqOptions options, BunqEndpointManifest? manifest = null, BunqRateLimiter? rateLimiter = null)
    {
        // Checked once, here (and at a host's start by the options validator, through the same rules).
        Settings = BunqSettings.Resolve(options);
        Options = options;
        Manifest = manifest ?? BunqEndpointManifest.Empty;
        Logger = options.LoggerFactory.CreateLogger(BunqHttp.LogCategory);
        OwnsRateLimiter = rateLimiter is null;
        RateLimiter = rateLimiter ?? new BunqRateLimiter(options.RateLimits, options.TimeProvider, options.ContextStore as IBunqSharedContextStore);
        Retry = BunqResilience.CreatePipeline(options.Retry, options.TimeProvider, options.RateLimits);
        Attempt = BunqResilience.CreateAttemptPipeline(options.Retry, options.TimeProvider);
        Deadlines = new BunqCallDeadline.Pool(options.TimeProvider);
        Serializer = new BunqContentSerializer(options.JsonTypeInfoResolver);
        RefitSettings = BunqRefit.Settings(Serializer);
    }

    /// <summary>The options, checked and resolved.</summary>
    public BunqSettings Settings { get; }

    public BunqOptions Options { get; }

    public BunqEndpointManifest Manifest { get; }

    public ILogger Logger { get; }

    /// <inheritdoc cref="BunqSettings.BaseAddress"/>
    public Uri BaseAddress => Settings.BaseAddress;

    /// <inheritdoc cref="BunqSettings.MaxResponseBodyBytes"/>
    public long MaxResponseBodyBytes => Settings.MaxResponseBodyBytes;

    /// <inheritdoc cref="BunqSettings.TotalTimeout"/>
    public TimeSpan TotalTimeout => Settings.TotalTimeout;

    public BunqRateLimiter RateLimiter { get; }

    /// <summary>The calls' total-time bounds, reused from call to call (<see cref="BunqCallDeadline"/>).</summary>
    public BunqCallDeadline.Pool Deadlines { get; }

    /// <summary>Whether the limiter was made for this client's endpoint chain alone (and goes when that chain is disposed).</summary>
    public bool OwnsRateLimiter { get; }

    /// <summary>Retries (429, transient failures of idempotent calls), outside authentication.</summary>
    public ResiliencePipeline<HttpResponseMessage> Retry { get; }

    /// <summary>The per-attempt timeout, inside the rate limiter so a queued call is not a slow one.</summary>
    public ResiliencePipeline<HttpResponseMessage> Attempt { get; }

    /// <summary>The client's one serializer: every endpoint and the context calls read and write JSON through it.</summary>
    public BunqContentSerializer Serializer { get; }

    /// <summary>The client's one set of Refit settings, over <see cref="Serializer"/>.</summary>
    public RefitSettings RefitSettings { get; }
}
