namespace Bunq.OAuth;

/// <summary>
/// A registered OAuth client (<c>OauthClient</c>): what an app needs for <see cref="BunqOAuthOptions"/>.
/// <see cref="ToString"/> hides the secret.
/// </summary>
public sealed class BunqOAuthClientRegistration
{
    internal BunqOAuthClientRegistration(long id, string status, string? displayName, string clientId, BunqSecret secret, IReadOnlyList<string> callbackUrls)
    {
        Id = id;
        Status = status;
        DisplayName = displayName;
        ClientId = clientId;
        Secret = secret;
        CallbackUrls = callbackUrls;
    }

    /// <summary>The OAuth client's id, for <c>{oauth-clientID}</c> in routes.</summary>
    public long Id { get; }

    /// <summary><c>ACTIVE</c>, <c>CANCELLED</c> or <c>CANCELLED_PENDING</c>.</summary>
    public string Status { get; }

    /// <summary>The name users see on bunq's consent screen.</summary>
    public string? DisplayName { get; }

    /// <summary>The <c>client_id</c> (public: it goes into authorization URLs).</summary>
    public string ClientId { get; }

    /// <summary>The client secret, for the code exchange only.</summary>
    public BunqSecret Secret { get; }

    /// <summary>The registered callback URLs; an authorization's redirect URI must be one of them exactly.</summary>
    public IReadOnlyList<string> CallbackUrls { get; }

    /// <summary>Options for this client with <paramref name="redirectUri"/> (one of <see cref="CallbackUrls"/>).</summary>
    public BunqOAuthOptions ToOptions(Uri redirectUri) => new() { ClientId = ClientId, ClientSecret = Secret.Reveal(), RedirectUri = redirectUri };

    /// <summary>Hides the secret.</summary>
    public override string ToString() => $"BunqOAuthClientRegistration({Id}, {Status}, client id {ClientId}, secret ***, {CallbackUrls.Count} callback URL(s))";
}
