using System.Threading.RateLimiting;

namespace Bunq;

/// <summary>
/// The extension point for a context store that several processes share (the Bunq.Generators.Redis package's
/// <c>BunqContextStore.Redis(...)</c> is one): besides the context it holds the fleet's session-renewal lock and its rate
/// budget. Set one as <see cref="BunqOptions.ContextStore"/>: the session manager then decides every renewal under its
/// lock, reading the stored context again once it holds it, and the rate limiter counts permits through its limiters;
/// nothing else changes in the pipeline. To keep the context encrypted as the file store does, store what
/// <see cref="BunqContextProtection.Seal"/> returns.
/// </summary>
public interface IBunqSharedContextStore : IBunqContextStore
{
    /// <summary>
    /// Waits until this process holds the fleet's renewal lock (an owner token with an expiry the holder keeps
    /// extending, so only a holder that dies frees it when the expiry passes). Dispose the result to release it.
    /// </summary>
    /// <exception cref="BunqContextStoreException">The shared store cannot be reached.</exception>
    ValueTask<IAsyncDisposable> AcquireRenewalLockAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A limiter for one endpoint whose permits are counted for the whole fleet: at most <see cref="BunqRateLimit.Permits"/>
    /// calls in any <see cref="BunqRateLimit.Window"/> plus <paramref name="margin"/>, with at most
    /// <paramref name="queueLimit"/> callers of this process waiting (a refused lease beyond that), on <paramref name="time"/>.
    /// </summary>
    /// <param name="endpointKey">The endpoint, <c>"POST /user/{}/payment"</c>: verb and route with ids as <c>{}</c>.</param>
    /// <param name="limit">The endpoint's limit.</param>
    /// <param name="margin">Added to the window (<see cref="BunqRateLimits.Margin"/>).</param>
    /// <param name="queueLimit">How many callers may wait (<see cref="BunqRateLimits.QueueLimit"/>).</param>
    /// <param name="time">The client's clock.</param>
    RateLimiter CreateLimiter(string endpointKey, BunqRateLimit limit, TimeSpan margin, int queueLimit, TimeProvider time);
}
