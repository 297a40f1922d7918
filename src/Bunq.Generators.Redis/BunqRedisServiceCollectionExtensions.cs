using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bunq;

/// <summary>Makes <c>Bunq:Redis</c> in configuration the shared Redis store.</summary>
public static class BunqRedisServiceCollectionExtensions
{
    /// <summary>
    /// Every bunq client whose options were bound from configuration with <c>Bunq:Redis</c> (and optionally
    /// <c>Bunq:RedisKeyPrefix</c>, <c>Bunq:RedisPartitionKey</c>, <c>Bunq:ContextPassphrase</c>) gets
    /// <c>BunqContextStore.Redis(...)</c> as its context store. The store connects when the options are first made
    /// (at start with the host's options validation): an unreachable Redis is a <see cref="BunqConfigurationException"/>
    /// then. The service provider owns the stores made so and disposes them (and their Redis connections) with itself.
    /// Without this call a <c>Bunq:Redis</c> setting fails the start with what to add.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddBunqRedis(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The keys are this package's to bind, from the section the client's options came from: the core knows none.
        // The stores are made inside options, which nothing disposes: the container's singleton below keeps and disposes them.
        services.TryAddSingleton<BunqRedisStores>();
        services.AddSingleton<IPostConfigureOptions<BunqOptions>>(static provider => new PostConfigureOptions<BunqOptions, BunqRedisStores>(
            name: null, provider.GetRequiredService<BunqRedisStores>(), static (options, stores) =>
        {
            if (options.Configuration is not { } section || section["Redis"] is not { Length: > 0 } redis)
            {
                return;
            }

            if (options.ContextStore is not null)
            {
                throw new BunqConfigurationException(
                    "Bunq:Redis and another context store (Bunq:ContextFile, or one set in code) are both set; a context lives in one store. Keep Bunq:Redis for several instances.");
            }

            var redisOptions = new BunqRedisOptions { PartitionKey = section["RedisPartitionKey"] };
            if (section["RedisKeyPrefix"] is { Length: > 0 } prefix)
            {
                redisOptions.KeyPrefix = prefix;
            }

            options.ContextStore = stores.Add(BunqContextStore.Redis(redis, BunqContextProtection.FromConfiguration(section["ContextPassphrase"]), redisOptions));
        }));
        return services;
    }
}

/// <summary>The Redis stores <c>AddBunqRedis</c> made (one per client's options); disposed, with their connections, by the container.</summary>
internal sealed class BunqRedisStores : IAsyncDisposable, IDisposable
{
    private readonly List<BunqRedisContextStore> _stores = [];

    public BunqRedisContextStore Add(BunqRedisContextStore store)
    {
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    public void Dispose()
    {
        foreach (BunqRedisContextStore store in Take())
        {
            store.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (BunqRedisContextStore store in Take())
        {
            await store.DisposeAsync().ConfigureAwait(false);
        }
    }

    private BunqRedisContextStore[] Take()
    {
        lock (_stores)
        {
            BunqRedisContextStore[] taken = [.. _stores];
            _stores.Clear();
            return taken;
        }
    }
}
