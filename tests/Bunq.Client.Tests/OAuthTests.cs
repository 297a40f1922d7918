using System.Net;
using System.Text;
using Bunq.OAuth;

namespace Bunq.Client.Tests;

/// <summary>The OAuth client without a server: URL building, option checks, and reading whatever a token endpoint answers.</summary>
public sealed class OAuthTests
{
    private const string Secret = "client-secret-123456";
    private const string Code = "code-abcdef";

    [Fact]
    public void The_authorization_url_carries_every_parameter_encoded_for_the_environments_host()
    {
        BunqOAuthOptions options = Options();
        options.AuthorizationEndpoint = options.TokenEndpoint = null;

        Uri sandbox = BunqOAuth.GetAuthorizationUri(options, "s t&a=te");
        options.Environment = BunqEnvironment.Production;
        Uri production = BunqOAuth.GetAuthorizationUri(options, "x");

        Assert.Equal(
            "https://oauth.sandbox.bunq.com/auth?response_type=code&client_id=client%20id&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fa%3D1%26b%3D2&state=s%20t%26a%3Dte",
            sandbox.AbsoluteUri);
        Assert.StartsWith("https://oauth.bunq.com/auth?", production.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://api.oauth.bunq.com/v1/token"), options.ResolveTokenEndpoint());
        Assert.DoesNotContain(Secret, sandbox.AbsoluteUri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://oauth.example/auth", "http://oauth.example/token", "HTTPS")]
    [InlineData("https://oauth.example/auth", null, "both")]
    [InlineData("https://oauth.example/auth?x=1", "https://oauth.example/token", "query")]
    public void Unusable_endpoints_are_configuration_errors(string authorization, string? token, string expected)
    {
        BunqOAuthOptions options = Options();
        options.AuthorizationEndpoint = new Uri(authorization);
        options.TokenEndpoint = token is null ? null : new Uri(token);

        var e = Assert.Throws<BunqConfigurationException>(() => BunqOAuth.GetAuthorizationUri(options, "state"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loopback_http_needs_the_explicit_opt_in_and_a_client_id_and_absolute_redirect_are_required()
    {
        BunqOAuthOptions options = Options();
        options.AuthorizationEndpoint = new Uri("http://127.0.0.1:5000/oauth/auth");
        options.TokenEndpoint = new Uri("http://127.0.0.1:5000/oauth/v1/token");
        Assert.Throws<BunqConfigurationException>(() => BunqOAuth.GetAuthorizationUri(options, "state"));
        options.AllowInsecureLoopback = true;
        Assert.StartsWith("http://127.0.0.1:5000/oauth/auth?", BunqOAuth.GetAuthorizationUri(options, "state").AbsoluteUri, StringComparison.Ordinal);

        options.ClientId = " ";
        Assert.Throws<BunqConfigurationException>(() => BunqOAuth.GetAuthorizationUri(options, "state"));
        options.ClientId = "id";
        options.RedirectUri = new Uri("https://app.example/cb#fragment");
        Assert.Throws<BunqConfigurationException>(() => BunqOAuth.GetAuthorizationUri(options, "state"));
    }

    [Fact]
    public async Task The_exchange_is_a_post_with_the_parameters_in_the_query_and_no_body()
    {
        var handler = new Canned(HttpStatusCode.OK, """{"access_token":"tok","token_type":"bearer","state":"st"}""");

        BunqOAuthToken token = await Exchange(handler);

        HttpRequestMessage sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(
            "https://oauth.example/v1/token?grant_type=authorization_code&code=code-abcdef&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fa%3D1%26b%3D2&client_id=client%20id&client_secret=client-secret-123456",
            sent.RequestUri!.AbsoluteUri);
        Assert.Equal(0, handler.BodyLengths.Single());
        Assert.Equal("tok", token.AccessToken.Reveal());
        Assert.Equal("st", token.State);
        Assert.DoesNotContain("tok", token.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, """{"error":"invalid_grant","error_description":"code code-abcdef\u0007 with client-secret-123456 refused"}""", "invalid_grant", "code ***  with *** refused")]
    [InlineData(400, """{"error":"invalid_request","error_description":"no\u001b[31m red\u001b[0m here"}""", "invalid_request", "no red here")]
    [InlineData(400, """{"error":"bad\"code","error_description":"x"}""", BunqOAuthException.InvalidResponse, "x")]
    [InlineData(503, "<html>Service Unavailable</html>", BunqOAuthException.InvalidResponse, "The token endpoint answered 503 without an OAuth error body.")]
    [InlineData(200, """{"token_type":"bearer"}""", BunqOAuthException.InvalidResponse, "The token endpoint answered 200 without an access_token.")]
    [InlineData(200, "not json", BunqOAuthException.InvalidResponse, "The token endpoint answered 200 without an access_token.")]
    public async Task Every_refusal_or_odd_answer_is_a_typed_error_with_cleaned_text(int status, string body, string error, string description)
    {
        var e = await Assert.ThrowsAsync<BunqOAuthException>(() => Exchange(new Canned((HttpStatusCode)status, body)));

        Assert.Equal(error, e.Error);
        Assert.Equal(description, e.Description);
        Assert.Equal(status, e.StatusCode);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Code, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_answer_is_refused_unread()
    {
        var e = await Assert.ThrowsAsync<BunqOAuthException>(() => Exchange(new Canned(HttpStatusCode.OK, new string('x', 70_000))));

        Assert.Equal(BunqOAuthException.InvalidResponse, e.Error);
        Assert.Contains("larger than", e.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_error_or_a_repeated_state_never_reaches_the_token_endpoint()
    {
        var handler = new Canned(HttpStatusCode.OK, """{"access_token":"tok"}""");

        var denied = await Assert.ThrowsAsync<BunqOAuthException>(() => Exchange(handler, "https://app.example/cb?error=access_denied&error_description=no%0Athanks&state=st"));
        var repeated = await Assert.ThrowsAsync<BunqOAuthException>(() => Exchange(handler, $"https://app.example/cb?code={Code}&state=st&state=st"));
        var noCode = await Assert.ThrowsAsync<BunqOAuthException>(() => Exchange(handler, "https://app.example/cb?state=st"));

        Assert.Equal(("access_denied", "no thanks"), (denied.Error, denied.Description));
        Assert.Equal(BunqOAuthException.StateMismatch, repeated.Error);
        Assert.Equal("invalid_request", noCode.Error);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void Registrations_and_tokens_hide_their_secrets()
    {
        var registration = new BunqOAuthClientRegistration(5, "ACTIVE", "App", "cid", new BunqSecret(Secret), ["https://app.example/cb"]);

        Assert.DoesNotContain(Secret, registration.ToString(), StringComparison.Ordinal);
        Assert.Equal(Secret, registration.ToOptions(new Uri("https://app.example/cb")).ClientSecret);
        Assert.DoesNotContain(Secret, new BunqOAuthToken(new BunqSecret(Secret), "bearer", null).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void States_are_fresh_and_url_safe()
    {
        string[] states = [.. Enumerable.Range(0, 50).Select(_ => BunqOAuth.CreateState())];

        Assert.Equal(50, states.Distinct().Count());
        Assert.All(states, s => Assert.Matches("^[A-Za-z0-9_-]{43}$", s));
    }

    private static async Task<BunqOAuthToken> Exchange(Canned handler, string callback = $"https://app.example/cb?code={Code}&state=st")
    {
        using var http = new HttpClient(handler, disposeHandler: false);
        return await BunqOAuth.ExchangeCodeAsync(Options(), new Uri(callback), "st", http);
    }

    private static BunqOAuthOptions Options() => new()
    {
        ClientId = "client id",
        ClientSecret = Secret,
        RedirectUri = new Uri("https://app.example/cb?a=1&b=2"),
        AuthorizationEndpoint = new Uri("https://oauth.example/auth"),
        TokenEndpoint = new Uri("https://oauth.example/v1/token"),
    };

    private sealed class Canned(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        public List<long> BodyLengths { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            BodyLengths.Add(request.Content is null ? 0 : (await request.Content.ReadAsByteArrayAsync(cancellationToken)).Length);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
        }
    }
}
