using Microsoft.Extensions.Logging;

namespace Bunq;

/// <summary>Builds bunq's handler pipeline for code that does not use <c>IHttpClientFactory</c>.</summary>
public static class BunqHttp
{
    /// <summary>
    /// headers → authentication → signing/verification → pinned TLS transport. The signing handler is innermost so that
    /// whatever runs outside it (retries, resilience) has every attempt signed afresh.
    /// </summary>
    /// <param name="options">The client options (validated here).</param>
    /// <param name="sessions">The API context's session provider.</param>
    /// <param name="manifest">The generated endpoint manifest; null signs everything.</param>
    /// <param name="transport">The primary handler; null for <see cref="BunqPinnedTransport"/> over the options' pins.</param>
    /// <exception cref="BunqConfigurationException">The options are not usable.</exception>
    public static HttpMessageHandler CreatePipeline(
        BunqOptions options, IBunqSessionProvider sessions, BunqEndpointManifest? manifest = null, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sessions);
        options.ResolveBaseAddress();
        transport ??= CreateTransport(options);
        return new BunqHeadersHandler(options)
        {
            InnerHandler = new BunqAuthenticationHandler(sessions)
            {
                InnerHandler = new BunqSigningHandler(manifest, options.RequestIdFactory, options.LoggerFactory.CreateLogger(LogCategory)) { InnerHandler = transport },
            },
        };
    }

    /// <summary>The log category of the HTTP handlers.</summary>
    public const string LogCategory = "Bunq.Http";

    /// <summary>The pinned TLS transport for these options.</summary>
    public static BunqPinnedTransport CreateTransport(BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new BunqPinnedTransport(options.ResolvePins(), options.LocalAddress, options.LoggerFactory.CreateLogger(LogCategory));
    }

    /// <summary>An <see cref="HttpClient"/> over <see cref="CreatePipeline"/>, with the options' base address.</summary>
    public static HttpClient CreateClient(BunqOptions options, IBunqSessionProvider sessions, BunqEndpointManifest? manifest = null) =>
        new(CreatePipeline(options, sessions, manifest)) { BaseAddress = options.ResolveBaseAddress() };
}
