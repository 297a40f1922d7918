using Microsoft.AspNetCore.WebUtilities;

namespace Bunq.Emulator;

/// <summary>The emulator's side of bunq's OAuth: its two endpoints, and shortcuts for tests that skip the consent page.</summary>
public sealed partial class BunqEmulator
{
    /// <summary>The emulator's stand-in for <c>https://oauth.bunq.com/auth</c>: the consent page (loopback callers only).</summary>
    public Uri OAuthAuthorizationEndpoint => new(BaseAddress, OAuthRoutes.AuthorizePath);

    /// <summary>The emulator's stand-in for <c>https://api.oauth.bunq.com/v1/token</c>.</summary>
    public Uri OAuthTokenEndpoint => new(BaseAddress, OAuthRoutes.TokenPath);

    /// <summary>
    /// Approves an authorization request as the user who owns <paramref name="grantingUserApiKey"/>, exactly as choosing
    /// that user on the consent page does, and returns where the browser would be redirected: the registered callback URL
    /// with <c>code</c> and <c>state</c> (or with <c>error</c> for a request bunq would bounce back).
    /// </summary>
    /// <param name="authorizationUri">The authorization URL the app built (its query is what counts).</param>
    /// <param name="grantingUserApiKey">The API key of a sandbox user of this emulator.</param>
    /// <exception cref="ArgumentException">
    /// The API key is unknown, or the request cannot be answered by a redirect (unknown client, unregistered redirect URI);
    /// the message says which, as the consent page would.
    /// </exception>
    public Uri ApproveOAuth(Uri authorizationUri, string grantingUserApiKey)
    {
        ArgumentNullException.ThrowIfNull(authorizationUri);
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query = QueryHelpers.ParseQuery(authorizationUri.Query);
        string? Single(string name) => query.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
        lock (_state.Gate)
        {
            User granting = GrantingUser(grantingUserApiKey);
            OAuthAuthorizationCheck check = OAuthFlow.CheckAuthorization(_state, Single("response_type"), Single("client_id"), Single("redirect_uri"), Single("state"));
            if (check.Authorization is null)
            {
                return check.RedirectUri is not null ? new Uri(check.RedirectUri) : throw new ArgumentException(check.PageError, nameof(authorizationUri));
            }

            return new Uri(OAuthFlow.Grant(_state, check.Authorization, granting));
        }
    }

    /// <summary>
    /// Makes an OAuth access token on behalf of a sandbox user through the same rules as the HTTP flow (an OAuth client of
    /// the emulator's own "OAuth App" user, a code, its exchange): usable as the secret for device-server and
    /// session-server, whose session then returns a <c>UserApiKey</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The API key is unknown or is not a person's.</exception>
    public string CreateOAuthAccessToken(string grantingUserApiKey)
    {
        const string Callback = "https://oauth-app.invalid/callback";
        lock (_state.Gate)
        {
            User granting = GrantingUser(grantingUserApiKey);
            if (_state.OAuth.TestClient is not { } client)
            {
                client = OAuthFlow.Register(_state, _state.CreatePerson("OAuth App"));
                client.CallbackUrls.Add(new OAuthCallbackUrl(_state.NextId(), Callback));
                _state.OAuth.TestClient = client;
            }

            OAuthAuthorizationCheck check = OAuthFlow.CheckAuthorization(_state, "code", client.ClientId, Callback, callerState: null);
            string code = QueryHelpers.ParseQuery(new Uri(OAuthFlow.Grant(_state, check.Authorization!, granting)).Query)["code"]!;
            OAuthTokenResult token = OAuthFlow.Exchange(_state, "authorization_code", code, Callback, client.ClientId, client.Secret);
            return token.AccessToken ?? throw new InvalidOperationException($"The emulator refused its own exchange: {token.Error}.");
        }
    }

    private User GrantingUser(string apiKey)
    {
        if (!_state.ApiKeys.TryGetValue(apiKey ?? string.Empty, out ApiKey? key))
        {
            throw new ArgumentException("No such API key in this emulator.", nameof(apiKey));
        }

        return key.User.Kind == UserKind.Person
            ? key.User
            : throw new ArgumentException("Only a person's API key can grant OAuth access (this one is itself an OAuth grant).", nameof(apiKey));
    }
}
