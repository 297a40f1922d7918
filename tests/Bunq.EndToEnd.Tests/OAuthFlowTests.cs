using System.Net;
using System.Text.RegularExpressions;
using Bunq.Emulator;
using Bunq.OAuth;

namespace Bunq.EndToEnd.Tests;

/// <summary>bunq's OAuth flow end to end against the emulator over TLS: register, consent, exchange, connect; and each bad input.</summary>
public sealed partial class OAuthFlowTests
{
    private static readonly Uri Callback = OAuthSetup.Callback;

    [Fact]
    public async Task The_whole_flow_registers_consents_on_the_page_exchanges_and_reaches_the_granting_users_accounts()
    {
        await using OAuthSetup setup = await OAuthSetup.StartAsync();
        string state = BunqOAuth.CreateState();
        Uri login = BunqOAuth.GetAuthorizationUri(setup.OAuth, state);

        using var browser = new HttpClient(BunqOAuth.CreateTransport(setup.OAuth));
        string page = await browser.GetStringAsync(login);
        Assert.Contains($"data-user-id=\"{setup.GrantingUserId}\"", page, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(Callback.OriginalString), page, StringComparison.Ordinal);
        using HttpResponseMessage answer = await browser.PostAsync(setup.Bunq.OAuthAuthorizationEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["ticket"] = Ticket(page),
            ["user_id"] = setup.GrantingUserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Uri redirect = answer.Headers.Location!;
        Assert.StartsWith(Callback.OriginalString + "&code=", redirect.OriginalString, StringComparison.Ordinal);

        BunqOAuthToken token = await BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, state);
        await using Bank app = await Bank.ConnectAsync(GeneratedClientTests.Options(setup.Bunq, token.AccessToken.Reveal()));
        BunqList<MonetaryAccountBank> reached = await app.MonetaryAccounts.ListAsync(app.UserId);

        Assert.Equal("bearer", token.TokenType);
        Assert.Equal(state, token.State);
        Assert.Equal("BunqOAuthToken(bearer, ***)", token.ToString());
        Assert.NotEqual(setup.GrantingUserId, app.UserId); // {userId} is the UserApiKey's own id
        Assert.Equal(setup.GrantingAccountId, Assert.Single(reached.Items).Id);
        Assert.Contains(setup.Bunq.Requests, r => r is { Method: "POST", Path: "/oauth/v1/token", Status: 200 });
    }

    [Fact]
    public async Task A_consent_page_answers_once_and_a_denial_comes_back_as_access_denied()
    {
        await using OAuthSetup setup = await OAuthSetup.StartAsync();
        string state = BunqOAuth.CreateState();
        using var browser = new HttpClient(BunqOAuth.CreateTransport(setup.OAuth));
        string ticket = Ticket(await browser.GetStringAsync(BunqOAuth.GetAuthorizationUri(setup.OAuth, state)));
        var deny = new Dictionary<string, string> { ["ticket"] = ticket, ["decision"] = "deny" };

        using HttpResponseMessage denied = await browser.PostAsync(setup.Bunq.OAuthAuthorizationEndpoint, new FormUrlEncodedContent(deny));
        using HttpResponseMessage again = await browser.PostAsync(setup.Bunq.OAuthAuthorizationEndpoint, new FormUrlEncodedContent(deny));
        var e = await Assert.ThrowsAsync<BunqOAuthException>(() => BunqOAuth.ExchangeCodeAsync(setup.OAuth, denied.Headers.Location!, state));

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("access_denied", e.Error);
        Assert.Null(e.StatusCode);
        Assert.DoesNotContain(setup.Bunq.Requests, r => r.Path == "/oauth/v1/token");
    }

    [Fact]
    public async Task A_wrong_secret_is_invalid_client_and_leaves_the_code_usable()
    {
        await using OAuthSetup setup = await OAuthSetup.StartAsync();
        (Uri redirect, string state) = setup.Approve();
        string secret = setup.OAuth.ClientSecret!;
        setup.OAuth.ClientSecret = "not-the-secret-" + secret[..8];

        var e = await Assert.ThrowsAsync<BunqOAuthException>(() => BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, state));
        setup.OAuth.ClientSecret = secret;
        BunqOAuthToken token = await BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, state);

        Assert.Equal("invalid_client", e.Error);
        Assert.Equal(401, e.StatusCode);
        AssertNoSecret(e.Message, secret, "not-the-secret-", Code(redirect));
        Assert.Equal(64, token.AccessToken.Reveal().Length);
    }

    [Fact]
    public async Task A_redirect_uri_that_is_not_registered_gets_no_code_and_cannot_exchange_one()
    {
        await using OAuthSetup setup = await OAuthSetup.StartAsync();
        (Uri redirect, string state) = setup.Approve();
        var unregistered = new Uri("https://evil.example/bunq/callback");
        BunqOAuthOptions other = setup.OAuth.Copy(unregistered);

        // At the authorization endpoint: an error page, never a redirect to the unregistered address.
        using var browser = new HttpClient(BunqOAuth.CreateTransport(other));
        using HttpResponseMessage page = await browser.GetAsync(BunqOAuth.GetAuthorizationUri(other, state));
        Assert.Throws<ArgumentException>(() => setup.Bunq.ApproveOAuth(BunqOAuth.GetAuthorizationUri(other, state), setup.GrantingKey));
        // At the token endpoint, with a real code: invalid_grant, and the code survives for the registered address.
        var e = await Assert.ThrowsAsync<BunqOAuthException>(() => BunqOAuth.ExchangeCodeAsync(other, redirect, state));
        await BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, state);

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Null(page.Headers.Location);
        Assert.Contains("redirect_uri", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("invalid_grant", e.Error);
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("redirect_uri", e.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_works_once()
    {
        await using OAuthSetup setup = await OAuthSetup.StartAsync();
        (Uri redirect, string state) = setup.Approve();

        BunqOAuthToken first = await BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, state);
        var e = await Assert.ThrowsAsync<BunqOAuthException>(() => BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, state));

        Assert.Equal("invalid_grant", e.Error);
        Assert.Contains("already been used", e.Description, StringComparison.Ordinal);
        Assert.Contains("single-use", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e.Message, setup.OAuth.ClientSecret!, Code(redirect), first.AccessToken.Reveal());
    }

    [Fact]
    public async Task A_code_expires_after_ten_minutes_on_the_emulators_clock()
    {
        await using OAuthSetup setup = await OAuthSetup.StartAsync();
        (Uri fresh, string freshState) = setup.Approve();
        (Uri stale, string staleState) = setup.Approve();

        setup.Time.Advance(TimeSpan.FromMinutes(9));
        await BunqOAuth.ExchangeCodeAsync(setup.OAuth, fresh, freshState);
        setup.Time.Advance(TimeSpan.FromMinutes(1));
        var e = await Assert.ThrowsAsync<BunqOAuthException>(() => BunqOAuth.ExchangeCodeAsync(setup.OAuth, stale, staleState));

        Assert.Equal("invalid_grant", e.Error);
        Assert.Contains("expired", e.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_mismatch_is_refused_before_anything_is_sent_and_the_code_survives()
    {
        await using OAuthSetup setup = await OAuthSetup.StartAsync();
        (Uri redirect, string state) = setup.Approve();

        var wrong = await Assert.ThrowsAsync<BunqOAuthException>(() => BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, BunqOAuth.CreateState()));
        Uri stateless = new(Regex.Replace(redirect.OriginalString, "&state=[^&]*", string.Empty));
        var missing = await Assert.ThrowsAsync<BunqOAuthException>(() => BunqOAuth.ExchangeCodeAsync(setup.OAuth, stateless, state));
        Assert.DoesNotContain(setup.Bunq.Requests, r => r.Path == "/oauth/v1/token");
        await BunqOAuth.ExchangeCodeAsync(setup.OAuth, redirect, state);

        Assert.All([wrong, missing], e =>
        {
            Assert.Equal(BunqOAuthException.StateMismatch, e.Error);
            Assert.Null(e.StatusCode);
            AssertNoSecret(e.Message, Code(redirect), state);
        });
    }

    private static void AssertNoSecret(string text, params string[] secrets) =>
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));

    internal static string Code(Uri redirect) => CodeParameter().Match(redirect.Query).Groups[1].Value;

    internal static string Ticket(string page) => TicketField().Match(page).Groups[1].Value;

    [GeneratedRegex("[?&]code=([^&]+)")]
    private static partial Regex CodeParameter();

    [GeneratedRegex("name=\"ticket\" value=\"([^\"]+)\"")]
    private static partial Regex TicketField();
}
