using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;

namespace Bunq;

/// <summary>Builds bunq's handler pipeline for code that does not use <c>IHttpClientFactory</c>.</summary>
public static class BunqHttp
{
    /// <summary>
    /// headers → retries → authentication → rate limit → attempt timeout → signing/verification → pinned TLS transport. The signing
    /// handler is innermost so that every attempt (a retry, a resend after session renewal) is signed afresh with a new
    /// request id, and the rate limiter sits just outside it so every attempt waits for a permit.
    /// </summary>
    /// <param name="options">The client options (validated here).</param>
    /// <param name="sessions">The API context's session provider.</param>
    /// <param name="manifest">The generated endpoint manifest; null signs everything.</param>
    /// <param name="transport">The primary handler; null for <see cref="BunqPinnedTransport"/> over the options' pins.</param>
    /// <param name="rateLimiter">The client's shared limiter; null makes one owned by this pipeline.</param>
    /// <exception cref="BunqConfigurationException">The options are not usable.</exception>
    public static HttpMessageHandler CreatePipeline(
        BunqOptions options, IBunqSessionProvider sessions, BunqEndpointManifest? manifest = null, HttpMessageHandler? transport = null,
        BunqRateLimiter? rateLimiter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sessions);
        options.ResolveBaseAddress();
        transport ??= CreateTransport(options);
        HttpMessageHandler signing = new BunqSigningHandler(manifest, options.RequestIdFactory, options.LoggerFactory.CreateLogger(LogCategory), options.MaxResponseBodyBytes)
        {
            InnerHandler = transport,
        };
        signing = new ResilienceHandler(BunqResilience.CreateAttemptPipeline(options.Retry, options.TimeProvider)) { InnerHandler = signing };
        HttpMessageHandler limited = new BunqRateLimitHandler(rateLimiter ?? new BunqRateLimiter(options.RateLimits, options.TimeProvider), ownsLimiter: rateLimiter is null)
        {
            InnerHandler = signing,
        };
        return new BunqHeadersHandler(options)
        {
            InnerHandler = new ResilienceHandler(BunqResilience.CreatePipeline(options.Retry, options.TimeProvider, options.RateLimits))
            {
                InnerHandler = new BunqAuthenticationHandler(sessions) { InnerHandler = limited },
            },
        };
    }

    /// <summary>The log category of the HTTP handlers.</summary>
    public const string LogCategory = "Bunq.Http";

    /// <summary>The pinned TLS transport for these options.</summary>
    public static BunqPinnedTransport CreateTransport(BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new BunqPinnedTransport(options.ResolvePins(), options.LocalAddress, options.LoggerFactory.CreateLogger(LogCategory), options.TrustedRoots);
    }

    /// <summary>An <see cref="HttpClient"/> over <see cref="CreatePipeline"/>, with the options' base address.</summary>
    public static HttpClient CreateClient(BunqOptions options, IBunqSessionProvider sessions, BunqEndpointManifest? manifest = null) =>
        new(CreatePipeline(options, sessions, manifest)) { BaseAddress = options.ResolveBaseAddress(), Timeout = Timeout.InfiniteTimeSpan };
}
