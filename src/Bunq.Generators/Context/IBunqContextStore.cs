namespace Bunq;

/// <summary>Where an API context is kept between runs.</summary>
public interface IBunqContextStore
{
    /// <summary>The stored context, or null when there is none yet.</summary>
    /// <exception cref="BunqContextStoreException">A stored context exists but cannot be read.</exception>
    ValueTask<BunqApiContext?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="context"/>, replacing what was there.</summary>
    ValueTask SaveAsync(BunqApiContext context, CancellationToken cancellationToken);
}
