using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Bunq.Emulator;

/// <summary>What checking an authorization request concluded.</summary>
/// <param name="Authorization">The valid request, or null.</param>
/// <param name="PageError">Set when the redirect URI cannot be trusted: show this, never redirect (RFC 6749 §4.1.2.1).</param>
/// <param name="RedirectUri">Set when the error goes back to the (registered) redirect URI instead.</param>
internal readonly record struct OAuthAuthorizationCheck(OAuthAuthorization? Authorization, string? PageError, string? RedirectUri);

/// <summary>The token endpoint's answer: an access token, or an OAuth error with its HTTP status.</summary>
internal sealed record OAuthTokenResult(string? AccessToken, string? State, string? Error, string? Description, int Status)
{
    public static OAuthTokenResult Fail(string error, string description, int status = 400) => new(null, null, error, description, status);
}

/// <summary>
/// bunq's OAuth rules in one place, shared by the consent page, the token endpoint and the emulator's own test calls
/// (<see cref="BunqEmulator.ApproveOAuth"/>, <see cref="BunqEmulator.CreateOAuthAccessToken"/>), so they cannot drift.
/// Every method runs under <see cref="EmulatorState.Gate"/>.
/// </summary>
internal static class OAuthFlow
{
    public static OAuthAuthorizationCheck CheckAuthorization(EmulatorState state, string? responseType, string? clientId, string? redirectUri, string? callerState)
    {
        OAuthClient? client = state.OAuth.FindByClientId(clientId);
        if (client is null || client.Status != "ACTIVE")
        {
            return new(null, "invalid_client: the client_id is not an active OAuth client of this bunq.", null);
        }

        if (string.IsNullOrEmpty(redirectUri) || !client.Registers(redirectUri))
        {
            return new(null, "invalid_request: the redirect_uri is not one of this OAuth client's registered callback URLs.", null);
        }

        var authorization = new OAuthAuthorization(client, redirectUri, callerState);
        return responseType == "code"
            ? new(authorization, null, null)
            : new(null, null, Redirect(authorization, "error", "unsupported_response_type"));
    }

    /// <summary>Issues a code for the granting user and returns the redirect that carries it.</summary>
    public static string Grant(EmulatorState state, OAuthAuthorization authorization, User grantingUser)
    {
        var code = new OAuthCode(EmulatorState.NewToken(), authorization, grantingUser, state.Now + OAuthState.CodeLifetime);
        state.OAuth.Codes.Add(code.Value, code);
        return Redirect(authorization, "code", code.Value);
    }

    /// <summary>The redirect for a user who said no.</summary>
    public static string Deny(OAuthAuthorization authorization) => Redirect(authorization, "error", "access_denied");

    public static OAuthTokenResult Exchange(EmulatorState state, string? grantType, string? code, string? redirectUri, string? clientId, string? clientSecret)
    {
        string[] missing = new[] { ("grant_type", grantType), ("code", code), ("redirect_uri", redirectUri), ("client_id", clientId), ("client_secret", clientSecret) }
            .Where(p => string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1).ToArray();
        if (missing.Length > 0)
        {
            return OAuthTokenResult.Fail("invalid_request", $"Missing query parameter(s): {string.Join(", ", missing)}. bunq takes them in the query string, not the body.");
        }

        if (grantType != "authorization_code")
        {
            return OAuthTokenResult.Fail("unsupported_grant_type", "Only grant_type=authorization_code is supported.");
        }

        // Failures that are not the code's fault (client authentication, redirect URI) leave the code usable.
        OAuthClient? client = state.OAuth.FindByClientId(clientId);
        if (client is null || client.Status != "ACTIVE" || !SecretMatches(client.Secret, clientSecret!))
        {
            return OAuthTokenResult.Fail("invalid_client", "Client authentication failed: unknown client_id or wrong client_secret.", 401);
        }

        if (!client.Registers(redirectUri!))
        {
            return OAuthTokenResult.Fail("invalid_grant", "The redirect_uri is not one of this OAuth client's registered callback URLs.");
        }

        if (!state.OAuth.Codes.TryGetValue(code!, out OAuthCode? grant) || grant.Authorization.Client != client)
        {
            return OAuthTokenResult.Fail("invalid_grant", "The authorization code is not valid for this client.");
        }

        if (grant.Authorization.RedirectUri != redirectUri)
        {
            return OAuthTokenResult.Fail("invalid_grant", "The redirect_uri differs from the one the code was issued for.");
        }

        if (grant.Used)
        {
            return OAuthTokenResult.Fail("invalid_grant", "The authorization code has already been used.");
        }

        if (grant.Expiry <= state.Now)
        {
            return OAuthTokenResult.Fail("invalid_grant", "The authorization code has expired.");
        }

        grant.Used = true;
        return new OAuthTokenResult(IssueAccessToken(state, client, grant.GrantingUser), grant.Authorization.State, null, null, 200);
    }

    /// <summary>
    /// The access token is an API key of a new <c>UserApiKey</c>: requested by the client's owner (whose session timeout
    /// applies), granted by the consenting user (whose accounts its sessions reach).
    /// </summary>
    private static string IssueAccessToken(EmulatorState state, OAuthClient client, User grantingUser)
    {
        var apiKeyUser = new User(state.NextId(), UserKind.ApiKey, "OAuth access", client.Owner.SessionTimeout)
        {
            Created = state.Now,
            GrantedBy = grantingUser,
            RequestedBy = client.Owner,
        };
        state.Users.Add(apiKeyUser.Id, apiKeyUser);
        return state.CreateApiKey(apiKeyUser, string.Empty).Secret;
    }

    /// <summary>The users a consent page offers: people (an OAuth <c>UserApiKey</c> cannot grant again).</summary>
    public static IEnumerable<User> GrantingUsers(EmulatorState state) =>
        state.Users.Values.Where(u => u.Kind == UserKind.Person).OrderBy(u => u.Id);

    public static OAuthClient Register(EmulatorState state, User owner)
    {
        var client = new OAuthClient(state.NextId(), owner, EmulatorState.NewToken(), EmulatorState.NewToken());
        state.OAuth.Clients.Add(client.Id, client);
        return client;
    }

    private static string Redirect(OAuthAuthorization authorization, string name, string value)
    {
        var query = new Dictionary<string, string?> { [name] = value };
        if (authorization.State is not null)
        {
            query["state"] = authorization.State;
        }

        return QueryHelpers.AddQueryString(authorization.RedirectUri, query);
    }

    private static bool SecretMatches(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
