namespace Bunq;

/// <summary>When a failed call is tried again.</summary>
public sealed class BunqRetryOptions
{
    /// <summary>No retries at all.</summary>
    public static BunqRetryOptions None => new() { MaxRetryAttempts = 0 };

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>The first back-off for transient failures; doubled each time, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The wait after a 429: bunq's 3 s window. An endpoint with its own longer window in
    /// <see cref="BunqRateLimits.PerEndpoint"/> (session-server: 30 s) waits that window instead.
    /// </summary>
    public TimeSpan RateLimitDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long one attempt may take on the wire. Waiting for a rate-limit permit does not count: a queued call is not
    /// a slow one. (HttpClient's own timeout is switched off for bunq clients for that reason.)
    /// </summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The default of <see cref="TotalTimeout"/>: two minutes.</summary>
    internal static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long one call may take in all: every attempt, the back-off between them, the waits for rate-limit permits and
    /// a session renewal on the way. Past it the call fails with <see cref="BunqTransportException"/>
    /// (<see cref="BunqTransportException.IsTimeout"/>). Default two minutes, so a server that accepts the connection and
    /// never answers cannot hold a call longer; <see cref="Timeout.InfiniteTimeSpan"/> leaves only the per-attempt bound.
    /// The caller's own <see cref="CancellationToken"/> still ends the call at any time.
    /// </summary>
    public TimeSpan TotalTimeout { get; init; } = DefaultTotalTimeout;
}
