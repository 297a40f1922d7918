using Microsoft.Extensions.DependencyInjection;

namespace Bunq;

/// <summary>
/// The handler order, written down once. <see cref="BunqConnection.ConnectAsync"/> chains it by hand and dependency
/// injection adds it to the named <c>HttpClient</c>, from this one list, so the two can never disagree. The context
/// calls (installation, device-server, session-server) go through the same stages over the same transport and the same
/// <see cref="BunqPipelineParts"/> (one rate limiter); only their session provider differs: the credentials known so
/// far instead of the session manager, so the manager never sends through a chain that asks it for the context it is
/// making.
/// </summary>
/// <remarks>
/// Outermost first: the call's total time limit and error mapping → headers → retries → authentication → rate limit → attempt timeout → telemetry → signing and
/// verification → pinned TLS transport. Signing is innermost so every attempt (a retry, a resend after session renewal)
/// is signed afresh with a new request id; the rate limiter sits outside the attempt so every attempt waits for a
/// permit; telemetry sees one attempt each, with its verified outcome.
/// </remarks>
internal static class BunqPipeline
{
    /// <summary>The stages, outermost first.</summary>
    public static IReadOnlyList<Func<BunqPipelineParts, IBunqSessionProvider, DelegatingHandler>> Stages { get; } =
    [
        static (parts, _) => new BunqCallHandler(parts),
        static (parts, _) => new BunqHeadersHandler(parts.Options),
        static (parts, _) => new BunqResilienceHandler(parts.Retry),
        static (parts, sessions) => new BunqAuthenticationHandler(sessions, parts.Options.TimeProvider),
        static (parts, _) => new BunqRateLimitHandler(parts.RateLimiter, parts.Options.TimeProvider, parts.OwnsRateLimiter, parts.Logger),
        static (parts, _) => new BunqResilienceHandler(parts.Attempt),
        static (parts, _) => new BunqTelemetryHandler(parts.Options.TimeProvider),
        static (parts, _) => new BunqSigningHandler(parts),
    ];

    /// <summary>The whole chain over <paramref name="transport"/>, authenticating through <paramref name="sessions"/>.</summary>
    public static HttpMessageHandler Build(BunqPipelineParts parts, IBunqSessionProvider sessions, HttpMessageHandler transport)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(transport);
        HttpMessageHandler inner = transport;
        for (int i = Stages.Count - 1; i >= 0; i--)
        {
            DelegatingHandler handler = Stages[i](parts, sessions);
            handler.InnerHandler = inner;
            inner = handler;
        }

        return inner;
    }

    /// <summary>Adds the chain, in the same order, to a named <c>HttpClient</c> of <c>IHttpClientFactory</c>.</summary>
    public static void AddTo(IHttpClientBuilder builder, Func<IServiceProvider, BunqPipelineParts> parts, Func<IServiceProvider, IBunqSessionProvider> sessions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(sessions);
        foreach (Func<BunqPipelineParts, IBunqSessionProvider, DelegatingHandler> stage in Stages)
        {
            builder.AddHttpMessageHandler(provider => stage(parts(provider), sessions(provider)));
        }
    }
}
