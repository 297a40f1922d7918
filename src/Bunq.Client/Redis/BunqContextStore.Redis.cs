using StackExchange.Redis;

namespace Bunq;

public static partial class BunqContextStore
{
    /// <summary>The renewal lock's default expiry: longer than a renewal that waits its full 30 s for session-server.</summary>
    public static readonly TimeSpan DefaultRenewalLockExpiry = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Shares one API context, one session and one rate budget among every instance that uses the same Redis and
    /// <paramref name="keyPrefix"/>: the context is kept encrypted exactly as <see cref="File"/> keeps it, a session
    /// renewal is made by one instance at a time (a lock with an owner token and an expiry) while the others wait and
    /// read the renewed session, and bunq's rate limits are counted in Redis per endpoint and per
    /// <paramref name="partitionKey"/> (the egress IP the instances share; default: one partition per prefix).
    /// Connects at once: an unreachable Redis is a configuration error now, not a surprise at the first call.
    /// </summary>
    /// <param name="configuration">A StackExchange.Redis configuration string (<c>host:port,password=...</c>).</param>
    /// <param name="protection">How the context's secrets are encrypted (default: a per-user key file; every instance needs the same key).</param>
    /// <param name="keyPrefix">The prefix of every key (one context per prefix: use one per API key).</param>
    /// <param name="partitionKey">The rate-budget partition, for instances behind different egress IPs sharing one Redis.</param>
    /// <param name="renewalLockExpiry">When a renewal lock whose holder died frees itself (default <see cref="DefaultRenewalLockExpiry"/>).</param>
    /// <exception cref="BunqConfigurationException">The configuration string is malformed or Redis cannot be reached.</exception>
    public static IBunqContextStore Redis(
        string configuration, BunqContextProtection? protection = null, string keyPrefix = "bunq", string? partitionKey = null, TimeSpan? renewalLockExpiry = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        return new BunqRedisStore(
            BunqRedisStore.Connect(configuration), ownsConnection: true, protection ?? BunqContextProtection.UserKey(), keyPrefix, partitionKey, renewalLockExpiry);
    }

    /// <summary>
    /// As <see cref="Redis(string, BunqContextProtection?, string, string?, TimeSpan?)"/> over a connection the application already
    /// has. Configure it with <c>BacklogPolicy.FailFast</c> so that calls fail at once, not after a timeout, while Redis is away.
    /// </summary>
    public static IBunqContextStore Redis(
        IConnectionMultiplexer connection, BunqContextProtection? protection = null, string keyPrefix = "bunq", string? partitionKey = null, TimeSpan? renewalLockExpiry = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new BunqRedisStore(connection, ownsConnection: false, protection ?? BunqContextProtection.UserKey(), keyPrefix, partitionKey, renewalLockExpiry);
    }
}
