using System.Net;
using Bunq.Emulator;
using Bunq.OAuth;

namespace Bunq.EndToEnd.Tests;

/// <summary>Registering the OAuth client over bunq's signed API (<c>oauth-client</c>, <c>callback-url</c>) against the emulator.</summary>
public sealed class OAuthRegistrationTests
{
    [Fact]
    public async Task Registering_twice_reuses_the_one_client_and_bunq_refuses_a_second()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        await using Bank developer = await Bank.ConnectAsync(GeneratedClientTests.Options(bunq, await GeneratedClientTests.CreateSandboxUserAsync(bunq)));
        var first = new Uri("https://app.example/one");
        var second = new Uri("https://app.example/two");

        BunqOAuthClientRegistration registered = await BunqOAuthClients.RegisterAsync(developer.Connection, first);
        BunqOAuthClientRegistration again = await BunqOAuthClients.RegisterAsync(developer.Connection, first);
        BunqOAuthClientRegistration both = await BunqOAuthClients.RegisterAsync(developer.Connection, second);
        var refused = await Assert.ThrowsAsync<BunqApiException>(() => BunqOAuthClients.CreateAsync(developer.Connection));
        var badUrl = await Assert.ThrowsAsync<BunqApiException>(() => BunqOAuthClients.AddCallbackUrlAsync(developer.Connection, registered.Id, new Uri("ftp://app.example/x")));

        Assert.Equal(registered.Id, again.Id);
        Assert.Equal(["https://app.example/one"], again.CallbackUrls);
        Assert.Equal(["https://app.example/one", "https://app.example/two"], both.CallbackUrls);
        Assert.Equal(registered.ClientId, Assert.Single(await BunqOAuthClients.ListAsync(developer.Connection)).ClientId);
        Assert.Equal(registered.Secret, (await BunqOAuthClients.GetAsync(developer.Connection, registered.Id)).Secret);
        Assert.Equal(400, refused.StatusCode);
        Assert.Contains("only one", refused.Message, StringComparison.Ordinal);
        Assert.Contains("absolute http or https", badUrl.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(registered.Secret.Reveal(), registered.ToString(), StringComparison.Ordinal);
        Assert.All(bunq.Requests.Where(r => r.Path.Contains("/oauth-client", StringComparison.Ordinal)), r => Assert.True(r.Signed));
    }

    [Fact]
    public async Task The_consent_page_encodes_what_callers_put_into_it()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        await using Bank developer = await Bank.ConnectAsync(GeneratedClientTests.Options(bunq, await GeneratedClientTests.CreateSandboxUserAsync(bunq)));
        var hostile = new Uri("https://app.example/cb?name=\"><script>alert(1)</script>");
        BunqOAuthOptions oauth = (await BunqOAuthClients.RegisterAsync(developer.Connection, hostile)).ToOptions(hostile);
        oauth.AuthorizationEndpoint = bunq.OAuthAuthorizationEndpoint;
        oauth.TokenEndpoint = bunq.OAuthTokenEndpoint;
        oauth.CertificatePins.Add(bunq.Pin);

        using var browser = new HttpClient(BunqOAuth.CreateTransport(oauth));
        using HttpResponseMessage page = await browser.GetAsync(BunqOAuth.GetAuthorizationUri(oauth, "st"));
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
