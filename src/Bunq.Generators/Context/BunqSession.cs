namespace Bunq;

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
