using Microsoft.Extensions.DependencyInjection;

namespace Bunq;

/// <summary>Makes <c>Bunq:Redis</c> in configuration the shared Redis store.</summary>
public static class BunqRedisServiceCollectionExtensions
{
    /// <summary>
    /// Every bunq client whose options were bound from configuration with <c>Bunq:Redis</c> (and optionally
    /// <c>Bunq:RedisKeyPrefix</c>, <c>Bunq:RedisPartitionKey</c>, <c>Bunq:ContextPassphrase</c>) gets
    /// <c>BunqContextStore.Redis(...)</c> as its context store. The store connects when the options are first made
    /// (at start with the host's options validation): an unreachable Redis is a <see cref="BunqConfigurationException"/>
    /// then. Without this call a <c>Bunq:Redis</c> setting fails the start with what to add.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddBunqRedis(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.PostConfigureAll<BunqOptions>(static options =>
        {
            if (options.ContextStore is BunqRedisConfiguration configured)
            {
                options.ContextStore = BunqContextStore.Redis(
                    configured.Configuration, configured.Protection, new BunqRedisOptions { KeyPrefix = configured.KeyPrefix, PartitionKey = configured.PartitionKey });
            }
        });
        return services;
    }
}
