using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Bunq.Testing;

namespace Bunq.Emulator.Tests;

/// <summary>PSD2 providers by raw wire calls: what the emulator keeps about them.</summary>
public class Psd2WireTests
{
    /// <summary>Installation, payment-service-provider-credential with <paramref name="certificate"/>, device-server and session-server.</summary>
    internal static async Task<WireClient> ConnectProviderAsync(BunqEmulator bunq, X509Certificate2? certificate = null)
    {
        using X509Certificate2? own = certificate is null ? Psd2TestCertificates.SelfSigned() : null;
        X509Certificate2 used = certificate ?? own!;
        var client = new WireClient(bunq);
        await client.InstallAsync();
        client.ApiKey = (await RegisterAsync(client, used)).EnsureOk().Item("CredentialPasswordIp")["token_value"]!.GetValue<string>();
        (await client.RegisterDeviceAsync()).EnsureOk();
        (await client.OpenSessionAsync()).EnsureOk();
        return client;
    }

    [Fact]
    public async Task A_provider_registers_an_oauth_client_after_opening_its_session_and_an_oauth_token_cannot()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient provider = await ConnectProviderAsync(bunq);
        using WireClient person = await new WireClient(bunq).ConnectAsync();
        using WireClient oauth = await new WireClient(bunq) { ApiKey = bunq.CreateOAuthAccessToken(person.ApiKey!) }.ConnectAsync();

        long client = (await provider.CallAsync(HttpMethod.Post, $"user/{provider.UserId}/oauth-client", new JsonObject { ["status"] = "ACTIVE" })).Item("Id")["id"]!.GetValue<long>();
        WireResponse byToken = await oauth.CallAsync(HttpMethod.Post, $"user/{oauth.UserId}/oauth-client", new JsonObject { ["status"] = "ACTIVE" });

        Assert.NotEmpty((await provider.CallAsync(HttpMethod.Get, $"user/{provider.UserId}/oauth-client/{client}")).Item("OauthClient")["client_id"]!.GetValue<string>());
        Assert.Equal(400, byToken.Status);
        Assert.Contains("PSD2 provider", byToken.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_certificate_is_one_provider_user_and_each_credential_a_new_token()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using X509Certificate2 certificate = Psd2TestCertificates.SelfSigned();
        using X509Certificate2 other = Psd2TestCertificates.SelfSigned("CN=Another AISP, C=NL");

        using WireClient first = await ConnectProviderAsync(bunq, certificate);
        using WireClient second = await ConnectProviderAsync(bunq, certificate);
        using WireClient third = await ConnectProviderAsync(bunq, other);

        Assert.Equal(first.UserId, second.UserId);
        Assert.NotEqual(first.ApiKey, second.ApiKey);
        Assert.NotEqual(first.UserId, third.UserId);
        // a provider sees only itself
        Assert.Equal(404, (await first.CallAsync(HttpMethod.Get, $"user-payment-service-provider/{third.UserId}")).Status);
    }

    [Fact]
    public async Task A_signature_over_the_pem_re_encoded_is_refused_the_pem_as_sent_counts()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using X509Certificate2 certificate = Psd2TestCertificates.SelfSigned();
        using var client = new WireClient(bunq);
        await client.InstallAsync();
        Assert.False(client.PublicKeyPem!.EndsWith('\n')); // this client sends its PEM without the final newline

        WireResponse refused = await RegisterAsync(client, certificate, client.PublicKeyPem + "\n");

        Assert.Equal(400, refused.Status);
        Assert.Contains("is not a valid signature", refused.Error, StringComparison.Ordinal);
        Assert.Equal(200, (await RegisterAsync(client, certificate)).Status);
    }

    private static Task<WireResponse> RegisterAsync(WireClient client, X509Certificate2 certificate, string? signedPem = null)
    {
        string pem = Psd2TestCertificates.Pem(certificate);
        return client.SendAsync(HttpMethod.Post, "payment-service-provider-credential", new JsonObject
        {
            ["client_payment_service_provider_certificate"] = pem,
            ["client_payment_service_provider_certificate_chain"] = pem,
            ["client_public_key_signature"] = Psd2TestCertificates.Sign(certificate, (signedPem ?? client.PublicKeyPem) + client.InstallationToken),
        }, client.InstallationToken);
    }
}
