namespace Bunq;

/// <summary>
/// <c>Bunq:Redis</c> as read from configuration, waiting to become the Redis store. The store lives in the optional
/// Bunq.Generators.Redis package (so StackExchange.Redis weighs only on services that use it); its
/// <c>AddBunqRedis()</c> replaces this with the real store. Left in place, the options validator fails the host's
/// start with what to add, and a direct use fails the same way: never a silent in-process fallback for a fleet.
/// </summary>
/// <param name="Configuration">The StackExchange.Redis configuration string (may hold a password: never printed).</param>
/// <param name="Protection">How the context's secrets are encrypted.</param>
/// <param name="KeyPrefix">The prefix of the Redis keys.</param>
/// <param name="PartitionKey">The rate-budget partition, or null for one per prefix.</param>
internal sealed record BunqRedisConfiguration(string Configuration, BunqContextProtection Protection, string KeyPrefix, string? PartitionKey) : IBunqContextStore
{
    /// <summary>What to do about a <c>Bunq:Redis</c> nothing turned into a store.</summary>
    public const string Missing =
        "Bunq:Redis is set, but no Redis store was made from it: add the Bunq.Generators.Redis package and call services.AddBunqRedis() (it turns Bunq:Redis into BunqContextStore.Redis).";

    public ValueTask<BunqApiContext?> LoadAsync(CancellationToken cancellationToken) => throw new BunqConfigurationException(Missing);

    public ValueTask SaveAsync(BunqApiContext context, CancellationToken cancellationToken) => throw new BunqConfigurationException(Missing);

    // The configuration string may hold a password.
    public override string ToString() => $"Bunq:Redis (key prefix '{KeyPrefix}')";
}
