using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Bunq;

/// <summary>
/// The Redis store: the context under <c>{prefix}:context</c> (the file store's encrypted form, byte for byte), the
/// renewal lock under <c>{prefix}:renewal-lock</c>, the rate budget under <c>{prefix}:rate:{partition}:{endpoint}</c>.
/// Every Redis failure becomes a <see cref="BunqContextStoreException"/> at once: a call never goes out without a
/// permit from the shared budget, and nothing waits for a Redis that is away (the connection fails fast and
/// reconnects by itself, so calls succeed again when it is back).
/// </summary>
/// <remarks>
/// Made by <c>BunqContextStore.Redis(...)</c>. A store made from a configuration string owns the Redis connection it
/// opened (sockets and timers): dispose the store when no connection uses it any more (<c>AddBunqRedis</c>'s stores are
/// disposed with the service provider). A store over the application's own connection leaves that connection alone.
/// </remarks>
public sealed class BunqRedisContextStore : IBunqSharedContextStore, IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly BunqContextProtection _protection;
    private readonly string _source;
    private readonly RedisKey _contextKey;
    private readonly RedisKey _lockKey;
    private readonly string _ratePrefix;
    private readonly TimeSpan _lockExpiry;

    internal BunqRedisContextStore(IConnectionMultiplexer redis, bool ownsConnection, BunqContextProtection protection, BunqRedisOptions options)
    {
        _redis = redis;
        _ownsConnection = ownsConnection;
        _contextKey = options.KeyPrefix + ":context";
        _lockKey = options.KeyPrefix + ":renewal-lock";
        _ratePrefix = options.KeyPrefix + ":rate:" + (string.IsNullOrEmpty(options.PartitionKey) ? "default" : options.PartitionKey) + ":";
        _lockExpiry = options.RenewalLockExpiry;
        _protection = protection;
        _source = "redis:" + options.KeyPrefix + ":context";
    }

    /// <summary>Refuses options no store can work with, before anything connects.</summary>
    internal static void Validate(BunqRedisOptions options)
    {
        if (string.IsNullOrEmpty(options.KeyPrefix))
        {
            throw new BunqConfigurationException("BunqRedisOptions.KeyPrefix is empty; the Redis keys need a prefix (one per API key).");
        }

        if (options.RenewalLockExpiry <= TimeSpan.Zero)
        {
            throw new BunqConfigurationException($"BunqRedisOptions.RenewalLockExpiry is {options.RenewalLockExpiry}; it must be positive (default 15 s).");
        }
    }

    /// <summary>The key of the renewal lock (tests read its owner).</summary>
    internal RedisKey LockKey => _lockKey;

    /// <summary>Connects with fail-fast settings; an unreachable Redis is a configuration error.</summary>
    internal static IConnectionMultiplexer Connect(string configuration)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException e)
        {
            // The string may hold a password: name the problem, not the text.
            throw new BunqConfigurationException("The Redis configuration string is malformed: " + e.GetType().Name + ".", e);
        }

        options.AbortOnConnectFail = true; // at start: fail now, with a clear error
        options.BacklogPolicy = BacklogPolicy.FailFast; // while running: never queue calls behind a lost connection
        string where = string.Join(", ", options.EndPoints.Select(e => e.ToString()));
        try
        {
            return ConnectionMultiplexer.Connect(options);
        }
        catch (RedisConnectionException e)
        {
            throw new BunqConfigurationException(
                $"Redis at {where} cannot be reached ({e.FailureType}); the shared bunq context and rate budget need it. Check Bunq:Redis and that Redis is running.", e);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<BunqApiContext?> LoadAsync(CancellationToken cancellationToken)
    {
        RedisValue value = await Run(db => db.StringGetAsync(_contextKey)).ConfigureAwait(false);
        // Open throws the store error for a context this instance cannot decrypt; nothing is written back.
        return value.IsNull ? null : _protection.Open((byte[])value!, _source);
    }

    /// <inheritdoc/>
    public async ValueTask SaveAsync(BunqApiContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        byte[] bytes = _protection.Seal(context);
        await Run(db => db.StringSetAsync(_contextKey, bytes)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IAsyncDisposable> AcquireRenewalLockAsync(CancellationToken cancellationToken)
    {
        // The process id in the token says who holds it (operators, and the fleet test that kills the holder).
        string token = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N");
        while (!await Run(db => db.StringSetAsync(_lockKey, token, _lockExpiry, When.NotExists)).ConfigureAwait(false))
        {
            // Redis's own expiry frees the lock, in Redis's time: polled in real time, whatever clock the client runs on.
            await Task.Delay(LockPollInterval, cancellationToken).ConfigureAwait(false);
        }

        return new RedisRenewalLease(this, _lockKey, token, _lockExpiry);
    }

    /// <inheritdoc/>
    public RateLimiter CreateLimiter(string endpointKey, BunqRateLimit limit, TimeSpan margin, int queueLimit, TimeProvider time) =>
        new RedisSlidingLogLimiter(this, _ratePrefix + endpointKey, limit.Permits, limit.Window + margin, queueLimit, time);

    /// <summary>The database, for commands sent without waiting for their reply.</summary>
    internal IDatabase Database => _redis.GetDatabase();

    /// <summary>Runs one Redis command, turning any Redis failure into the typed store error.</summary>
    internal async Task<T> Run<T>(Func<IDatabase, Task<T>> command)
    {
        try
        {
            return await command(_redis.GetDatabase()).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new BunqContextStoreException(
                $"Redis is unreachable ({(e as RedisConnectionException)?.FailureType.ToString() ?? e.GetType().Name}): the call was not sent, because the fleet's shared context and rate budget live there. It succeeds again once Redis is back.",
                e);
        }
    }

    /// <summary>Closes the Redis connection when this store opened it (a configuration string); safe to repeat.</summary>
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _redis.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }
}
