using Microsoft.Extensions.Logging;

namespace Bunq;

/// <summary>Builds transports and, for tests and benchmarks, a whole pipeline over a session provider of their own.</summary>
internal static class BunqHttp
{
    /// <summary>The log category of the HTTP handlers.</summary>
    public const string LogCategory = "Bunq.Http";

    /// <summary><see cref="BunqPipeline"/> over <paramref name="sessions"/>, with a limiter of its own unless one is given.</summary>
    /// <exception cref="BunqConfigurationException">The options are not usable.</exception>
    public static HttpMessageHandler CreatePipeline(
        BunqOptions options, IBunqSessionProvider sessions, BunqEndpointManifest? manifest = null, HttpMessageHandler? transport = null,
        BunqRateLimiter? rateLimiter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parts = new BunqPipelineParts(options, manifest, rateLimiter);
        return BunqPipeline.Build(parts, sessions, transport ?? CreateTransport(parts.Settings));
    }

    /// <summary>The pinned TLS transport for these settings.</summary>
    public static BunqPinnedTransport CreateTransport(BunqSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        BunqOptions options = settings.Options;
        return new BunqPinnedTransport(settings.Pins, options.LocalAddress, options.LoggerFactory.CreateLogger(LogCategory), options.TrustedRoots);
    }

    /// <summary>The pinned TLS transport for these options.</summary>
    /// <exception cref="BunqConfigurationException">The options are not usable.</exception>
    public static BunqPinnedTransport CreateTransport(BunqOptions options) => CreateTransport(BunqSettings.Resolve(options));

    /// <summary>An <see cref="HttpClient"/> over <see cref="CreatePipeline"/>, with the options' base address.</summary>
    public static HttpClient CreateClient(BunqOptions options, IBunqSessionProvider sessions, BunqEndpointManifest? manifest = null) =>
        Configure(new HttpClient(CreatePipeline(options, sessions, manifest)), options.ResolveBaseAddress(), options);

    /// <summary>
    /// Sets up an <see cref="HttpClient"/> over a bunq pipeline the one way every client of the library is set up: the
    /// base address, no <c>HttpClient</c> timeout (the pipeline times each attempt and the whole call, without the time
    /// queued for a rate-limit permit), and bunq's standard headers as defaults (<see cref="BunqHeadersHandler.AddDefaults"/>).
    /// </summary>
    public static HttpClient Configure(HttpClient http, Uri baseAddress, BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.BaseAddress = baseAddress;
        http.Timeout = Timeout.InfiniteTimeSpan;
        BunqHeadersHandler.AddDefaults(http.DefaultRequestHeaders, options);
        return http;
    }
}
