using System.Threading.RateLimiting;

namespace Bunq;

/// <summary>
/// A context store that several processes share (<c>BunqContextStore.Redis(...)</c> in the Bunq.Generators.Redis package):
/// besides the context it holds the fleet's session-renewal lock and its rate budget. The session manager and the rate
/// limiter look for it on <see cref="BunqOptions.ContextStore"/>; nothing else changes in the pipeline.
/// </summary>
internal interface IBunqSharedContextStore : IBunqContextStore
{
    /// <summary>
    /// Waits until this process holds the fleet's renewal lock (an owner token with an expiry the holder keeps
    /// extending, so only a holder that dies frees it when the expiry passes). Dispose the result to release it.
    /// </summary>
    /// <exception cref="BunqContextStoreException">The shared store cannot be reached.</exception>
    ValueTask<IAsyncDisposable> AcquireRenewalLockAsync(CancellationToken cancellationToken);

    /// <summary>A limiter for one endpoint key whose permits are counted for the whole fleet.</summary>
    RateLimiter CreateLimiter(string endpointKey, BunqRateLimit limit, TimeSpan margin, int queueLimit, TimeProvider time);
}
