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
        options.ResolveBaseAddress();
        return BunqPipeline.Build(new BunqPipelineParts(options, sessions, manifest, rateLimiter), transport ?? CreateTransport(options));
    }

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
