using Bunq.Emulator;
using Bunq.OAuth;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.EndToEnd.Tests;

/// <summary>An emulator on a fake clock, a developer whose OAuth client is registered over the API, and a user to grant access.</summary>
internal sealed class OAuthSetup : IAsyncDisposable
{
    public static readonly Uri Callback = new("https://app.example/bunq/callback?tenant=7");

    private OAuthSetup(BunqEmulator bunq, FakeTimeProvider time, BunqOAuthOptions oauth, string grantingKey, long grantingUserId, long grantingAccountId)
    {
        Bunq = bunq;
        Time = time;
        OAuth = oauth;
        GrantingKey = grantingKey;
        GrantingUserId = grantingUserId;
        GrantingAccountId = grantingAccountId;
    }

    public BunqEmulator Bunq { get; }

    public FakeTimeProvider Time { get; }

    public BunqOAuthOptions OAuth { get; }

    public string GrantingKey { get; }

    public long GrantingUserId { get; }

    public long GrantingAccountId { get; }

    public static async Task<OAuthSetup> StartAsync()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = time });
        string developerKey = await GeneratedClientTests.CreateSandboxUserAsync(bunq);
        string grantingKey = await GeneratedClientTests.CreateSandboxUserAsync(bunq);
        BunqOAuthClientRegistration registration;
        await using (Bank developer = await Bank.ConnectAsync(GeneratedClientTests.Options(bunq, developerKey)))
        {
            registration = await BunqOAuthClients.RegisterAsync(developer.Connection, Callback);
        }

        long grantingUserId, grantingAccountId;
        await using (Bank granting = await Bank.ConnectAsync(GeneratedClientTests.Options(bunq, grantingKey)))
        {
            grantingUserId = granting.UserId;
            grantingAccountId = (await granting.MonetaryAccounts.ListAsync(granting.UserId)).Items.Single().Id;
        }

        BunqOAuthOptions oauth = registration.ToOptions(Callback);
        oauth.AuthorizationEndpoint = bunq.OAuthAuthorizationEndpoint;
        oauth.TokenEndpoint = bunq.OAuthTokenEndpoint;
        oauth.CertificatePins.Add(bunq.Pin);
        return new OAuthSetup(bunq, time, oauth, grantingKey, grantingUserId, grantingAccountId);
    }

    /// <summary>Consent through the emulator's shortcut (same rules as the page); returns the callback and its state.</summary>
    public (Uri Redirect, string State) Approve()
    {
        string state = BunqOAuth.CreateState();
        return (Bunq.ApproveOAuth(BunqOAuth.GetAuthorizationUri(OAuth, state), GrantingKey), state);
    }

    public ValueTask DisposeAsync() => Bunq.DisposeAsync();
}

internal static class OAuthOptionsCopy
{
    public static BunqOAuthOptions Copy(this BunqOAuthOptions options, Uri redirectUri)
    {
        var copy = new BunqOAuthOptions
        {
            ClientId = options.ClientId,
            ClientSecret = options.ClientSecret,
            RedirectUri = redirectUri,
            AuthorizationEndpoint = options.AuthorizationEndpoint,
            TokenEndpoint = options.TokenEndpoint,
        };
        foreach (string pin in options.CertificatePins)
        {
            copy.CertificatePins.Add(pin);
        }

        return copy;
    }
}
