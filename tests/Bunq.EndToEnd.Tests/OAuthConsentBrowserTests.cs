using Bunq.OAuth;
using Microsoft.Playwright;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// The consent page in a real browser (Debian's chromium driven by Playwright): the user picks themselves, the browser
/// follows bunq's redirect to the app's callback, and the app exchanges what arrived there. `.ci/run` installs chromium.
/// </summary>
public sealed class OAuthConsentBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task A_user_grants_access_in_a_browser_and_the_app_exchanges_the_code_it_is_redirected_with()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (as .ci/run does).");
        await using OAuthSetup setup = await OAuthSetup.StartAsync();
        string state = BunqOAuth.CreateState();
        Uri login = BunqOAuth.GetAuthorizationUri(setup.OAuth, state);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        // The emulator's certificate is self-signed; the app's side (the exchange) still pins it.
        await using IBrowserContext context = await browser.NewContextAsync(new() { IgnoreHTTPSErrors = true });
        // The app's callback host does not exist here: the browser's arrival there is answered in place.
        await context.RouteAsync("https://app.example/**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/plain", Body = "signed in" }));
        IPage page = await context.NewPageAsync();

        await page.GotoAsync(login.AbsoluteUri);
        string offered = await page.Locator($"button[data-user-id='{setup.GrantingUserId}']").InnerTextAsync();
        string redirectShown = await page.Locator("#redirect").InnerTextAsync();
        await page.Locator($"button[data-user-id='{setup.GrantingUserId}']").ClickAsync();
        await page.WaitForURLAsync("https://app.example/**");
        var callback = new Uri(page.Url);

        BunqOAuthToken token = await BunqOAuth.ExchangeCodeAsync(setup.OAuth, callback, state);
        await using Bank app = await Bank.ConnectAsync(GeneratedClientTests.Options(setup.Bunq, token.AccessToken.Reveal()));

        Assert.Contains(setup.GrantingUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), offered, StringComparison.Ordinal);
        Assert.Equal(OAuthSetup.Callback.OriginalString, redirectShown);
        Assert.Equal("signed in", await page.Locator("body").InnerTextAsync());
        Assert.Equal(setup.GrantingAccountId, Assert.Single((await app.MonetaryAccounts.ListAsync(app.UserId)).Items).Id);
    }
}
