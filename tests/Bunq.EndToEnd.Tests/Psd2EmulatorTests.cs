using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Bunq.Emulator;
using Bunq.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// The emulator's side of PSD2 (bunq-protocol.md §10.2) by hand-written calls over TLS: the sandbox's certificate checks,
/// one bunq-shaped 400 per bad input, and the credential's token opening a <c>UserPaymentServiceProvider</c> session.
/// </summary>
public class Psd2EmulatorTests
{
    private static readonly BunqEmulatorOptions Fast = new() { EnforceRateLimits = false };

    [Fact]
    public async Task A_self_signed_provider_gets_a_token_that_opens_a_UserPaymentServiceProvider_session()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        using X509Certificate2 certificate = Psd2TestCertificates.SelfSigned();
        await context.InstallAsync();

        JsonNode credential = await RegisterAsync(context, certificate, Psd2TestCertificates.Pem(certificate), SignatureFor(context, certificate));
        Assert.Equal("PENDING_FIRST_USE", credential["status"]!.GetValue<string>());
        context.ApiKey = credential["token_value"]!.GetValue<string>();
        await context.RegisterDeviceAsync();
        JsonNode session = await PostAsync(context, "session-server", new JsonObject { ["secret"] = context.ApiKey });

        JsonNode provider = Item(session, "UserPaymentServiceProvider");
        Assert.Equal(certificate.Subject, provider["certificate_distinguished_name"]!.GetValue<string>());
        Assert.Equal("Bunq.Generators Test PISP AISP", provider["display_name"]!.GetValue<string>());
        context.SessionToken = new BunqSecret(Item(session, "Token")["token"]!.GetValue<string>());
        long userId = provider["id"]!.GetValue<long>();
        using HttpResponseMessage read = await context.Client.GetAsync($"user-payment-service-provider/{userId}");
        Assert.Equal(userId, Item(JsonNode.Parse(await read.Content.ReadAsStringAsync())!, "UserPaymentServiceProvider")["id"]!.GetValue<long>());
        Assert.True(bunq.Requests.Single(r => r.Path.EndsWith("/payment-service-provider-credential", StringComparison.Ordinal)).Signed);
    }

    [Fact]
    public async Task A_certificate_issued_by_a_root_in_the_chain_is_accepted()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        (X509Certificate2 root, X509Certificate2 leaf) = Psd2TestCertificates.Issued();
        using (root)
        using (leaf)
        {
            await context.InstallAsync();
            JsonNode credential = await RegisterAsync(context, leaf, Psd2TestCertificates.Pem(root), SignatureFor(context, leaf));
            Assert.Equal(64, credential["token_value"]!.GetValue<string>().Length);
        }
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "cn-without-role", "common name (CN) must contain PISP and/or AISP" },
        { "cn-too-long", "common name (CN) has 65 characters; at most 64 are allowed" },
        { "signed-by-another-key", "is not a valid signature" },
        { "signed-over-pem-alone", "is not a valid signature" },
        { "expired", "The certificate is not valid now" },
        { "missing-chain", "client_payment_service_provider_certificate_chain' is required" },
        { "chain-without-issuer", "does not hold this self-signed certificate" },
        { "not-a-certificate", "is not a PEM certificate" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Each_bad_input_gets_a_clear_400_and_no_credential(string input, string expected)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        await context.InstallAsync();
        using X509Certificate2 good = Psd2TestCertificates.SelfSigned();
        using X509Certificate2 other = Psd2TestCertificates.SelfSigned();
        using X509Certificate2 certificate = input switch
        {
            "cn-without-role" => Psd2TestCertificates.SelfSigned("CN=My Test App, C=NL"),
            "cn-too-long" => Psd2TestCertificates.SelfSigned("CN=PISP " + new string('x', 60) + ", C=NL"),
            "expired" => Psd2TestCertificates.SelfSigned(notBefore: DateTimeOffset.UtcNow.AddYears(-2), notAfter: DateTimeOffset.UtcNow.AddDays(-1)),
            _ => Psd2TestCertificates.SelfSigned(),
        };
        string pem = input == "not-a-certificate" ? "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n" : Psd2TestCertificates.Pem(certificate);
        string chain = input switch
        {
            "missing-chain" => string.Empty,
            "chain-without-issuer" => Psd2TestCertificates.Pem(other),
            _ => pem,
        };
        string signature = input switch
        {
            "signed-by-another-key" => SignatureFor(context, other),
            "signed-over-pem-alone" => Psd2TestCertificates.Sign(certificate, context.ClientKey.PublicKeyPem),
            _ => SignatureFor(context, certificate),
        };

        var e = await Assert.ThrowsAsync<BunqApiException>(() => RegisterAsync(context, pem, chain, signature));

        Assert.Equal(400, e.StatusCode);
        Assert.True(e.IsSignatureVerified);
        Assert.Contains(expected, Assert.Single(e.Errors), StringComparison.Ordinal);
        Assert.DoesNotContain("xxxxxxxx", e.Errors[0], StringComparison.Ordinal); // the caller's CN is never echoed
    }

    [Fact]
    public async Task An_unsigned_credential_request_is_refused_with_466()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using var context = new ManualContext(bunq);
        await context.InstallAsync();
        using X509Certificate2 certificate = Psd2TestCertificates.SelfSigned();
        using var request = new HttpRequestMessage(HttpMethod.Post, "payment-service-provider-credential")
        {
            Content = Body(Psd2TestCertificates.Pem(certificate), Psd2TestCertificates.Pem(certificate), SignatureFor(context, certificate)),
        };
        request.Options.Set(BunqRequestOptions.Signed, false);

        var e = await Assert.ThrowsAsync<BunqApiException>(() => context.Client.SendAsync(request));

        Assert.Equal(466, e.StatusCode);
        Assert.Contains("request signature is required", Assert.Single(e.Errors), StringComparison.Ordinal);
        Assert.False(bunq.Requests.Single(r => r.Path.EndsWith("/payment-service-provider-credential", StringComparison.Ordinal)).Signed);
    }

    [Fact]
    public async Task Validity_is_judged_on_the_emulators_clock()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, TimeProvider = clock });
        using var context = new ManualContext(bunq);
        using X509Certificate2 certificate = Psd2TestCertificates.SelfSigned(notAfter: DateTimeOffset.UtcNow.AddDays(30));
        await context.InstallAsync();
        await RegisterAsync(context, certificate, Psd2TestCertificates.Pem(certificate), SignatureFor(context, certificate));

        clock.Advance(TimeSpan.FromDays(31));
        var e = await Assert.ThrowsAsync<BunqApiException>(
            () => RegisterAsync(context, certificate, Psd2TestCertificates.Pem(certificate), SignatureFor(context, certificate)));

        Assert.Contains("not valid now", e.Errors[0], StringComparison.Ordinal);
    }

    private static string SignatureFor(ManualContext context, X509Certificate2 certificate) =>
        Psd2TestCertificates.Sign(certificate, context.ClientKey.PublicKeyPem + context.InstallationToken!.Reveal());

    private static Task<JsonNode> RegisterAsync(ManualContext context, X509Certificate2 certificate, string chainPem, string signature) =>
        RegisterAsync(context, Psd2TestCertificates.Pem(certificate), chainPem, signature);

    private static async Task<JsonNode> RegisterAsync(ManualContext context, string certificatePem, string chainPem, string signature) =>
        Item(await SendAsync(context, "payment-service-provider-credential", Body(certificatePem, chainPem, signature)), "CredentialPasswordIp");

    private static StringContent Body(string certificatePem, string chainPem, string signature) =>
        Json(new JsonObject
        {
            ["client_payment_service_provider_certificate"] = certificatePem,
            ["client_payment_service_provider_certificate_chain"] = chainPem,
            ["client_public_key_signature"] = signature,
        });

    private static Task<JsonNode> PostAsync(ManualContext context, string path, JsonObject body) => SendAsync(context, path, Json(body));

    private static async Task<JsonNode> SendAsync(ManualContext context, string path, HttpContent body)
    {
        using (body)
        using (HttpResponseMessage response = await context.Client.PostAsync(path, body))
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static JsonNode Item(JsonNode envelope, string type) =>
        envelope["Response"]!.AsArray().Select(i => i![type]).Single(i => i is not null)!;
}
