namespace Bunq.Emulator;

/// <summary>A registered OAuth client (<c>/user/{userID}/oauth-client</c>): the app a developer user runs.</summary>
internal sealed class OAuthClient(long id, User owner, string clientId, string secret)
{
    public long Id { get; } = id;

    /// <summary>The developer user who registered it; the <c>requested_by_user</c> of every token it obtains.</summary>
    public User Owner { get; } = owner;

    public string ClientId { get; } = clientId;

    public string Secret { get; } = secret;

    /// <summary><c>ACTIVE</c> or <c>CANCELLED</c>.</summary>
    public string Status { get; set; } = "ACTIVE";

    public List<OAuthCallbackUrl> CallbackUrls { get; } = [];

    /// <summary>bunq compares redirect URIs with the registered callback URLs exactly (no prefix or wildcard matching).</summary>
    public bool Registers(string redirectUri) => CallbackUrls.Exists(c => string.Equals(c.Url, redirectUri, StringComparison.Ordinal));
}

internal sealed class OAuthCallbackUrl(long id, string url)
{
    public long Id { get; } = id;

    public string Url { get; set; } = url;
}

/// <summary>A validated authorization request: the client, the registered redirect URI and the caller's <c>state</c>.</summary>
internal sealed record OAuthAuthorization(OAuthClient Client, string RedirectUri, string? State);

/// <summary>A consent page shown and not yet answered; its ticket is the form's only input besides the decision.</summary>
internal sealed record OAuthConsent(string Ticket, OAuthAuthorization Authorization, DateTimeOffset Expiry);

/// <summary>An authorization code: single-use, bound to its client and redirect URI, expiring.</summary>
internal sealed class OAuthCode(string value, OAuthAuthorization authorization, User grantingUser, DateTimeOffset expiry)
{
    public string Value { get; } = value;

    public OAuthAuthorization Authorization { get; } = authorization;

    public User GrantingUser { get; } = grantingUser;

    public DateTimeOffset Expiry { get; } = expiry;

    public bool Used { get; set; }
}

/// <summary>The emulator's OAuth tables; guarded by <see cref="EmulatorState.Gate"/> like everything else.</summary>
internal sealed class OAuthState
{
    /// <summary>
    /// How long a code stays exchangeable. bunq does not document it; RFC 6749 §4.1.2 recommends at most ten minutes,
    /// which is what the emulator applies (on its <see cref="BunqEmulatorOptions.TimeProvider"/>).
    /// </summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a consent page stays answerable.</summary>
    public static readonly TimeSpan ConsentLifetime = TimeSpan.FromMinutes(10);

    public Dictionary<long, OAuthClient> Clients { get; } = [];

    public Dictionary<string, OAuthCode> Codes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, OAuthConsent> Consents { get; } = new(StringComparer.Ordinal);

    /// <summary>The emulator's own app behind <see cref="BunqEmulator.CreateOAuthAccessToken"/>, made on first use.</summary>
    public OAuthClient? TestClient { get; set; }

    public OAuthClient? FindByClientId(string? clientId) =>
        clientId is null ? null : Clients.Values.FirstOrDefault(c => string.Equals(c.ClientId, clientId, StringComparison.Ordinal));
}
