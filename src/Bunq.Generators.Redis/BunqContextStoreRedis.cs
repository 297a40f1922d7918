using StackExchange.Redis;

namespace Bunq;

/// <summary>
/// <c>BunqContextStore.Redis(...)</c>: the Redis store as a static extension of <see cref="BunqContextStore"/>, so that
/// it reads like the built-in stores while StackExchange.Redis stays in this optional package.
/// </summary>
public static class BunqContextStoreRedis
{
    extension(BunqContextStore)
    {
        /// <summary>
        /// Shares one API context, one session and one rate budget among every instance that uses the same Redis and
        /// <see cref="BunqRedisOptions.KeyPrefix"/>: the context is kept encrypted exactly as <see
        /// cref="BunqContextStore.File"/> keeps it, a session renewal is made by one instance at a time (a lock with an
        /// owner token and an expiry) while the others wait and read the renewed session, and bunq's rate limits are
        /// counted in Redis per endpoint and per <see cref="BunqRedisOptions.PartitionKey"/>. Connects at once: an
        /// unreachable Redis is a configuration error now, not a surprise at the first call. The store owns the connection
        /// it opens: dispose it once no bunq connection uses it (each store opens its own; make one per application, not
        /// one per <c>ConnectAsync</c>).
        /// </summary>
        /// <param name="configuration">A StackExchange.Redis configuration string (<c>host:port,password=...</c>).</param>
        /// <param name="protection">
        /// How the context's secrets are encrypted. Every instance must be able to decrypt what another stored: the
        /// same passphrase, or the same key file (<see cref="BunqContextProtection.UserKey"/> only when they share
        /// one).
        /// </param>
        /// <exception cref="BunqConfigurationException">The configuration string is malformed or Redis cannot be reached.</exception>
        public static BunqRedisContextStore Redis(string configuration, BunqContextProtection protection) =>
            Redis(configuration, protection, new BunqRedisOptions());

        /// <summary>
        /// As <see cref="Redis(string, BunqContextProtection)"/> with another key prefix, partition or renewal-lock expiry;
        /// the store owns the connection it opens, so dispose it when done.
        /// </summary>
        /// <param name="configuration">A StackExchange.Redis configuration string (<c>host:port,password=...</c>).</param>
        /// <param name="protection">How the context's secrets are encrypted (the same for every instance).</param>
        /// <param name="options">Key prefix, rate-budget partition, renewal-lock expiry.</param>
        /// <exception cref="BunqConfigurationException">An option is invalid, the configuration string is malformed or Redis cannot be reached.</exception>
        public static BunqRedisContextStore Redis(string configuration, BunqContextProtection protection, BunqRedisOptions options)
        {
            ArgumentException.ThrowIfNullOrEmpty(configuration);
            ArgumentNullException.ThrowIfNull(protection);
            ArgumentNullException.ThrowIfNull(options);
            BunqRedisContextStore.Validate(options);
            return new BunqRedisContextStore(BunqRedisContextStore.Connect(configuration), ownsConnection: true, protection, options);
        }

        /// <summary>
        /// As <see cref="Redis(string, BunqContextProtection, BunqRedisOptions)"/> over a connection the application
        /// already has (it stays the application's to dispose; disposing this store leaves it open). Configure it with <c>BacklogPolicy.FailFast</c> so that
        /// calls fail at once, not after a timeout, while Redis is away.
        /// </summary>
        /// <param name="connection">The application's connection.</param>
        /// <param name="protection">How the context's secrets are encrypted (the same for every instance).</param>
        /// <param name="options">Key prefix, rate-budget partition, renewal-lock expiry.</param>
        public static BunqRedisContextStore Redis(IConnectionMultiplexer connection, BunqContextProtection protection, BunqRedisOptions options)
        {
            ArgumentNullException.ThrowIfNull(connection);
            ArgumentNullException.ThrowIfNull(protection);
            ArgumentNullException.ThrowIfNull(options);
            BunqRedisContextStore.Validate(options);
            return new BunqRedisContextStore(connection, ownsConnection: false, protection, options);
        }
    }
}
