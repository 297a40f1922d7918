using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Emulator.Tests;

/// <summary>The emulator's OAuth token endpoint over HTTPS, and bunq's OAuth rules on its state.</summary>
public sealed class OAuthEndpointTests
{
    private const string Callback = "https://app.example/callback";

    [Fact]
    public async Task The_token_endpoint_answers_oauth_style_errors_unsigned_and_uncached()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            certificate is not null && "sha256/" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo())) == bunq.Pin };
        using var client = new HttpClient(handler);

        (int status, JsonElement body, HttpResponseMessage response) = await PostAsync(client, bunq.OAuthTokenEndpoint + "?grant_type=password&code=c&redirect_uri=r&client_id=i&client_secret=s");
        using (response)
        {
            Assert.Equal((400, "unsupported_grant_type"), (status, body.GetProperty("error").GetString()));
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.False(response.Headers.Contains("X-Bunq-Server-Signature")); // OAuth's host, not bunq's signed API
        }

        // bunq takes the parameters in the query string: a form body does not count.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = "c" });
        using HttpResponseMessage inBody = await client.PostAsync(bunq.OAuthTokenEndpoint, form);
        JsonElement missing = JsonDocument.Parse(await inBody.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, inBody.StatusCode);
        Assert.Equal("invalid_request", missing.GetProperty("error").GetString());
        Assert.Contains("query string", missing.GetProperty("error_description").GetString(), StringComparison.Ordinal);

        (status, body, response) = await PostAsync(client, bunq.OAuthTokenEndpoint + "?grant_type=authorization_code&code=c&redirect_uri=r&client_id=unknown&client_secret=s");
        using (response)
        {
            Assert.Equal((401, "invalid_client"), (status, body.GetProperty("error").GetString()));
        }

        Assert.Contains(bunq.Requests, r => r is { Path: "/oauth/v1/token", Status: 401 });
        Assert.DoesNotContain(bunq.Routes, r => r.Contains("/oauth/", StringComparison.Ordinal) && !r.Contains("/oauth-client", StringComparison.Ordinal));
    }

    [Fact]
    public void A_code_is_bound_to_its_client_and_redirect_single_use_and_expiring()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var state = new EmulatorState(new BunqEmulatorOptions { TimeProvider = time });
        OAuthClient app = Client(state, "App");
        OAuthClient other = Client(state, "Other");
        User granting = state.CreatePerson("Granting");
        string Code(OAuthClient client) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(OAuthFlow.Grant(state,
            OAuthFlow.CheckAuthorization(state, "code", client.ClientId, Callback, "st").Authorization!, granting)).Query)["code"]!;
        OAuthTokenResult Exchange(string code, OAuthClient client, string redirect = Callback) =>
            OAuthFlow.Exchange(state, "authorization_code", code, redirect, client.ClientId, client.Secret);

        string code = Code(app);
        Assert.Equal("invalid_grant", Exchange(code, other).Error); // another client's code
        OAuthTokenResult token = Exchange(code, app);
        Assert.Equal("invalid_grant", Exchange(code, app).Error);
        string late = Code(app);
        time.Advance(OAuthState.CodeLifetime);
        OAuthTokenResult expired = Exchange(late, app);

        Assert.NotNull(token.AccessToken);
        Assert.Equal("st", token.State);
        User apiKeyUser = state.ApiKeys[token.AccessToken!].User;
        Assert.Equal((UserKind.ApiKey, granting, app.Owner), (apiKeyUser.Kind, apiKeyUser.GrantedBy, apiKeyUser.RequestedBy));
        Assert.Equal(("invalid_grant", "The authorization code has expired."), (expired.Error, expired.Description));
    }

    [Fact]
    public void An_authorization_for_an_unknown_client_or_unregistered_redirect_is_never_redirected()
    {
        var state = new EmulatorState(new BunqEmulatorOptions());
        OAuthClient app = Client(state, "App");

        OAuthAuthorizationCheck unknown = OAuthFlow.CheckAuthorization(state, "code", "nope", Callback, "st");
        OAuthAuthorizationCheck unregistered = OAuthFlow.CheckAuthorization(state, "code", app.ClientId, Callback + "/other", "st");
        OAuthAuthorizationCheck token = OAuthFlow.CheckAuthorization(state, "token", app.ClientId, Callback, "st");

        Assert.Equal((null, null), (unknown.Authorization, unknown.RedirectUri));
        Assert.StartsWith("invalid_client", unknown.PageError, StringComparison.Ordinal);
        Assert.Equal((null, null), (unregistered.Authorization, unregistered.RedirectUri));
        Assert.Equal(Callback + "?error=unsupported_response_type&state=st", token.RedirectUri);
    }

    private static OAuthClient Client(EmulatorState state, string owner)
    {
        OAuthClient client = OAuthFlow.Register(state, state.CreatePerson(owner));
        client.CallbackUrls.Add(new OAuthCallbackUrl(state.NextId(), Callback));
        return client;
    }

    private static async Task<(int, JsonElement, HttpResponseMessage)> PostAsync(HttpClient client, string url)
    {
        HttpResponseMessage response = await client.PostAsync(url, null);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, response);
    }
}
