namespace Bunq;

/// <summary>An open session.</summary>
public sealed record BunqSession
{
    /// <summary>Creates a session (the bootstrapper and the stores make them; tests through InternalsVisibleTo).</summary>
    internal BunqSession(long id, BunqSecret token, long userId, DateTimeOffset expiresAt)
    {
        Id = id;
        Token = token;
        UserId = userId;
        ExpiresAt = expiresAt;
    }

    /// <summary>The session-server id.</summary>
    public long Id { get; init; }

    /// <summary>The session token.</summary>
    public BunqSecret Token { get; init; }

    /// <summary>The id to use as <c>{userId}</c> in routes (the <c>UserApiKey</c> id for OAuth).</summary>
    public long UserId { get; init; }

    /// <summary>
    /// Creation time plus <c>session_timeout</c>, in UTC; moved on to the time of a call plus <see cref="Timeout"/> after
    /// each successful call made within the last 30 minutes, as bunq extends the session then.
    /// </summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The user's <c>session_timeout</c> when the session was opened; null when unknown (no extension is assumed).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Shows no token.</summary>
    public override string ToString() => $"BunqSession({Id}, user {UserId}, expires {ExpiresAt:u})";
}
