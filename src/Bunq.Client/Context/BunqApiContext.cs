namespace Bunq;

/// <summary>
/// bunq's API context: the key pair, the installation and its server key, the API key, and the current session.
/// Immutable; a refreshed session makes a new instance. <see cref="ToString"/> shows no secret.
/// </summary>
public sealed class BunqApiContext
{
    /// <summary>Creates a context.</summary>
    public BunqApiContext(Uri baseAddress, BunqKeyPair clientKey, BunqServerPublicKey serverKey, BunqSecret installationToken, BunqSecret apiKey, BunqSession? session)
    {
        BaseAddress = baseAddress;
        ClientKey = clientKey;
        ServerKey = serverKey;
        InstallationToken = installationToken;
        ApiKey = apiKey;
        Session = session;
    }

    /// <summary>The base address the context was created against; a context only works there.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The client key pair registered by <c>POST /installation</c>.</summary>
    public BunqKeyPair ClientKey { get; }

    /// <summary>bunq's key for verifying responses.</summary>
    public BunqServerPublicKey ServerKey { get; }

    /// <summary>The installation token (device-server, session-server).</summary>
    public BunqSecret InstallationToken { get; }

    /// <summary>The API key or OAuth access token the device is registered with; needed to open new sessions.</summary>
    public BunqSecret ApiKey { get; }

    /// <summary>The current session, if one is open.</summary>
    public BunqSession? Session { get; }

    /// <summary>The same context with another session.</summary>
    public BunqApiContext WithSession(BunqSession? session) =>
        new(BaseAddress, ClientKey, ServerKey, InstallationToken, ApiKey, session);

    /// <summary>Shows no secret.</summary>
    public override string ToString() => $"BunqApiContext({BaseAddress}, session: {Session?.ToString() ?? "none"})";
}

/// <summary>An open session.</summary>
/// <param name="Id">The session-server id.</param>
/// <param name="Token">The session token.</param>
/// <param name="UserId">The id to use as <c>{userId}</c> in routes (the <c>UserApiKey</c> id for OAuth).</param>
/// <param name="ExpiresAt">
/// Creation time plus <c>session_timeout</c>, in UTC; moved on to the time of a call plus <see cref="Timeout"/> after each
/// successful call made within the last 30 minutes, as bunq extends the session then.
/// </param>
public sealed record BunqSession(long Id, BunqSecret Token, long UserId, DateTimeOffset ExpiresAt)
{
    /// <summary>The user's <c>session_timeout</c> when the session was opened; null when unknown (no extension is assumed).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Shows no token.</summary>
    public override string ToString() => $"BunqSession({Id}, user {UserId}, expires {ExpiresAt:u})";
}

/// <summary>Where an API context is kept between runs.</summary>
public interface IBunqContextStore
{
    /// <summary>The stored context, or null when there is none yet.</summary>
    /// <exception cref="BunqContextStoreException">A stored context exists but cannot be read.</exception>
    ValueTask<BunqApiContext?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="context"/>, replacing what was there.</summary>
    ValueTask SaveAsync(BunqApiContext context, CancellationToken cancellationToken);
}

/// <summary>A stored context could not be read or written. Nothing was overwritten.</summary>
public sealed class BunqContextStoreException : BunqException
{
    /// <inheritdoc cref="BunqException(string, Exception)"/>
    public BunqContextStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>Ready-made stores.</summary>
public static partial class BunqContextStore
{
    /// <summary>Keeps the context in memory only: every process creates a new installation.</summary>
    public static IBunqContextStore InMemory() => new InMemoryStore();

    private sealed class InMemoryStore : IBunqContextStore
    {
        private BunqApiContext? _context;

        public ValueTask<BunqApiContext?> LoadAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Volatile.Read(ref _context));

        public ValueTask SaveAsync(BunqApiContext context, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _context, context);
            return ValueTask.CompletedTask;
        }
    }
}
