using System.Text.Json.Serialization;
using Refit;

namespace Bunq.OAuth;

/// <summary>
/// Registers the OAuth client an app runs bunq's OAuth flow with (<c>/user/{userID}/oauth-client</c> and its
/// <c>callback-url</c>s), over a connection made with the developer's own API key. bunq allows one OAuth client per user.
/// </summary>
public static class BunqOAuthClients
{
    /// <summary>
    /// The user's active OAuth client with <paramref name="callbackUrl"/> registered: reuses the existing client (bunq
    /// allows one) and adds the URL only when it is missing, so calling it again changes nothing.
    /// </summary>
    public static async Task<BunqOAuthClientRegistration> RegisterAsync(BunqConnection connection, Uri callbackUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callbackUrl);
        (IBunqOAuthClientApi api, long userId) = await ApiAsync(connection, cancellationToken).ConfigureAwait(false);
        BunqOAuthClientItem? existing = (await api.ListAsync(userId, cancellationToken).ConfigureAwait(false)).Items.FirstOrDefault(c => c.Status == "ACTIVE");
        long id = existing?.Id ?? (await api.CreateAsync(userId, new BunqStatusRequest("ACTIVE"), cancellationToken).ConfigureAwait(false)).Id;
        if (existing?.CallbackUrl?.Exists(c => c.Url == callbackUrl.OriginalString) != true)
        {
            await api.AddCallbackUrlAsync(userId, id, new BunqOAuthCallbackUrlItem { Url = callbackUrl.OriginalString }, cancellationToken).ConfigureAwait(false);
        }

        return ToRegistration(await api.GetAsync(userId, id, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The user's OAuth clients.</summary>
    public static async Task<IReadOnlyList<BunqOAuthClientRegistration>> ListAsync(BunqConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        (IBunqOAuthClientApi api, long userId) = await ApiAsync(connection, cancellationToken).ConfigureAwait(false);
        return (await api.ListAsync(userId, cancellationToken).ConfigureAwait(false)).Items.Select(ToRegistration).ToArray();
    }

    /// <summary>One OAuth client, with its client id, secret and callback URLs.</summary>
    public static async Task<BunqOAuthClientRegistration> GetAsync(BunqConnection connection, long oauthClientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        (IBunqOAuthClientApi api, long userId) = await ApiAsync(connection, cancellationToken).ConfigureAwait(false);
        return ToRegistration(await api.GetAsync(userId, oauthClientId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Creates an (active) OAuth client; returns its id. bunq refuses a second active one.</summary>
    public static async Task<long> CreateAsync(BunqConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        (IBunqOAuthClientApi api, long userId) = await ApiAsync(connection, cancellationToken).ConfigureAwait(false);
        return (await api.CreateAsync(userId, new BunqStatusRequest("ACTIVE"), cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>Registers a callback URL with an OAuth client; returns its id.</summary>
    public static async Task<long> AddCallbackUrlAsync(BunqConnection connection, long oauthClientId, Uri callbackUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(callbackUrl);
        (IBunqOAuthClientApi api, long userId) = await ApiAsync(connection, cancellationToken).ConfigureAwait(false);
        var request = new BunqOAuthCallbackUrlItem { Url = callbackUrl.OriginalString };
        return (await api.AddCallbackUrlAsync(userId, oauthClientId, request, cancellationToken).ConfigureAwait(false)).Id;
    }

    private static async Task<(IBunqOAuthClientApi Api, long UserId)> ApiAsync(BunqConnection connection, CancellationToken cancellationToken) =>
        (connection.CreateClient<IBunqOAuthClientApi>(), await connection.GetUserIdAsync(cancellationToken).ConfigureAwait(false));

    private static BunqOAuthClientRegistration ToRegistration(BunqOAuthClientItem item) =>
        string.IsNullOrWhiteSpace(item.ClientId) || string.IsNullOrWhiteSpace(item.Secret)
            ? throw new BunqException($"bunq returned OAuth client {item.Id} without a client id or secret.")
            : new(item.Id, item.Status ?? string.Empty, item.DisplayName, item.ClientId, new BunqSecret(item.Secret),
                (item.CallbackUrl ?? []).Select(c => c.Url).ToArray());
}

/// <summary>An <c>OauthClient</c> as bunq sends it. <see cref="ToString"/> hides the secret.</summary>
internal sealed record BunqOAuthClientItem
{
    [JsonPropertyName("id")]
    public long Id { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("display_name")]
    public string? DisplayName { get; init; }

    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    [JsonPropertyName("secret")]
    public string? Secret { get; init; }

    [JsonPropertyName("callback_url")]
    public List<BunqOAuthCallbackUrlItem>? CallbackUrl { get; init; }

    public override string ToString() => $"BunqOAuthClientItem({Id}, {Status}, ***)";
}

/// <summary>An <c>OauthCallbackUrl</c>: the body of its create call and an item of the client's list.</summary>
internal sealed record BunqOAuthCallbackUrlItem
{
    [JsonPropertyName("url")]
    public string Url { get; init; } = string.Empty;
}

[BunqEndpoint, Signed]
internal interface IBunqOAuthClientApi
{
    [Get("/user/{userId}/oauth-client")]
    Task<BunqList<BunqOAuthClientItem>> ListAsync(long userId, CancellationToken cancellationToken);

    [Get("/user/{userId}/oauth-client/{oauthClientId}")]
    Task<BunqOAuthClientItem> GetAsync(long userId, long oauthClientId, CancellationToken cancellationToken);

    [Post("/user/{userId}/oauth-client")]
    Task<BunqId> CreateAsync(long userId, [Body] BunqStatusRequest request, CancellationToken cancellationToken);

    [Post("/user/{userId}/oauth-client/{oauthClientId}/callback-url")]
    Task<BunqId> AddCallbackUrlAsync(long userId, long oauthClientId, [Body] BunqOAuthCallbackUrlItem request, CancellationToken cancellationToken);
}
