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

/// <summary>
/// A store that can show, before anything is registered at bunq, that it will be able to save the new context: a new
/// context costs bunq an installation and a device (and one of its session-server calls), and its private key exists only
/// in this process until it is saved. The file store checks its key and its folder here.
/// </summary>
internal interface IBunqSaveReadiness
{
    /// <exception cref="BunqContextStoreException">A save would fail; nothing was sent to bunq.</exception>
    void EnsureReadyToSave();
}
