using System.Security.Cryptography.X509Certificates;
using Bunq.Emulator;
using Bunq.Testing;
using Refit;

namespace Bunq.EndToEnd.Tests;

[BunqEndpoint, Signed]
public interface IPaymentServiceProviders
{
    [Get("/user-payment-service-provider/{userId}")]
    Task<PaymentServiceProviderUser> GetAsync(long userId, CancellationToken cancellationToken = default);
}

[BunqClient]
public partial class Provider;

public sealed record PaymentServiceProviderUser
{
    public long Id { get; init; }

    public string CertificateDistinguishedName { get; init; } = "";
}

/// <summary>PSD2 provider contexts made, saved, restored and used by the client against the emulator over TLS.</summary>
public sealed class Psd2ContextTests : IDisposable
{
    private static readonly string[] ContextCalls = ["/v1/installation", "/v1/payment-service-provider-credential", "/v1/device-server", "/v1/session-server"];
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-psd2-").FullName;

    [Fact]
    public async Task A_psd2_context_is_created_saved_restored_and_used()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using X509Certificate2 certificate = Psd2TestCertificates.SelfSigned();
        string certificatePem = Psd2TestCertificates.Pem(certificate);
        string keyPem = Psd2TestCertificates.PrivateKeyPem(certificate);
        using BunqPsd2Certificate psd2 = BunqPsd2Certificate.FromPem(certificatePem, keyPem, certificatePem);

        long userId;
        await using (Provider provider = await Provider.ConnectAsync(Options(bunq, psd2)))
        {
            userId = provider.UserId;
            psd2.Dispose(); // the caller's copy may go; the context owns its own and still saves it below
            PaymentServiceProviderUser user = await provider.PaymentServiceProviders.GetAsync(userId);
            Assert.Equal(certificate.Subject, user.CertificateDistinguishedName);
            await provider.Connection.CloseAsync(); // so the next process has to open a session with the stored token
        }

        Assert.Equal(ContextCalls, bunq.Requests.Where(r => ContextCalls.Contains(r.Path)).Select(r => r.Path));
        string stored = await File.ReadAllTextAsync(ContextPath);
        Assert.DoesNotContain("PRIVATE KEY", stored, StringComparison.Ordinal); // the certificate's key is encrypted like the installation key
        Assert.DoesNotContain(certificatePem.Split('\n')[1], stored, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ContextPath));
        }

        // A second process: no certificate, no API key — everything is in the store; only a new session is opened.
        await using (Provider restored = await Provider.ConnectAsync(Options(bunq, psd2: null)))
        {
            Assert.Equal(userId, restored.UserId);
            Assert.Equal(userId, (await restored.PaymentServiceProviders.GetAsync(restored.UserId)).Id);
            BunqPsd2Certificate kept = restored.Connection.Context!.Psd2Certificate!;
            Assert.Equal(certificate.Subject, kept.Subject);
            Assert.Equal(psd2.ChainPem, kept.ChainPem);
            Assert.Equal(psd2.CertificatePem, kept.CertificatePem);
        }

        Assert.Equal([.. ContextCalls, "/v1/session-server"], bunq.Requests.Where(r => ContextCalls.Contains(r.Path)).Select(r => r.Path));
        Assert.All(bunq.Requests, r => Assert.True(r.Status is 200, $"{r.Method} {r.Path} answered {r.Status}"));
    }

    public static TheoryData<string, string> RefusedCertificates => new()
    {
        { "CN=My Test App, C=NL", "must contain PISP and/or AISP" },
        { "CN=PISP " + new string('x', 60) + ", C=NL", "has 65 characters; at most 64" },
        { "expired", "not valid now" },
        { "foreign-chain", "does not hold this self-signed certificate" },
    };

    [Theory]
    [MemberData(nameof(RefusedCertificates))]
    public async Task A_certificate_bunq_refuses_is_a_typed_exception_and_stores_nothing(string subject, string expected)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using X509Certificate2 other = Psd2TestCertificates.SelfSigned();
        using X509Certificate2 certificate = subject == "expired"
            ? Psd2TestCertificates.SelfSigned(notBefore: DateTimeOffset.UtcNow.AddYears(-2), notAfter: DateTimeOffset.UtcNow.AddDays(-1))
            : Psd2TestCertificates.SelfSigned(subject == "foreign-chain" ? Psd2TestCertificates.GoodName : subject);
        using BunqPsd2Certificate psd2 = Load(certificate, Psd2TestCertificates.Pem(subject == "foreign-chain" ? other : certificate));

        var e = await Assert.ThrowsAsync<BunqPsd2Exception>(() => Provider.ConnectAsync(Options(bunq, psd2)));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains(expected, Assert.Single(e.Errors), StringComparison.Ordinal);
        Assert.IsType<BunqApiException>(e.InnerException);
        Assert.NotNull(e.ResponseId);
        Assert.False(File.Exists(ContextPath));
        Assert.DoesNotContain(bunq.Requests, r => r.Path is "/v1/device-server" or "/v1/session-server");
    }

    [Fact]
    public async Task Both_an_api_key_and_a_certificate_is_a_configuration_error_before_any_call()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        using X509Certificate2 certificate = Psd2TestCertificates.SelfSigned();
        using BunqPsd2Certificate psd2 = Load(certificate, Psd2TestCertificates.Pem(certificate));
        BunqOptions options = Options(bunq, psd2);
        options.ApiKey = "sandbox_x";

        var e = await Assert.ThrowsAsync<BunqConfigurationException>(() => Provider.ConnectAsync(options));

        Assert.Contains("not both", e.Message, StringComparison.Ordinal);
        Assert.Empty(bunq.Requests);
    }

    [Fact]
    public async Task A_saved_psd2_context_works_against_an_emulator_restarted_on_its_data_directory()
    {
        var emulator = new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = Path.Combine(_dir, "emulator") };
        using X509Certificate2 certificate = Psd2TestCertificates.SelfSigned();
        using BunqPsd2Certificate psd2 = Load(certificate, Psd2TestCertificates.Pem(certificate));
        BunqOptions options;
        long userId;
        await using (BunqEmulator first = await BunqEmulator.StartAsync(emulator))
        {
            emulator.Port = first.BaseAddress.Port;
            options = Options(first, psd2);
            await using Provider provider = await Provider.ConnectAsync(options);
            userId = provider.UserId;
            await provider.Connection.CloseAsync();
        }

        await using BunqEmulator second = await BunqEmulator.StartAsync(emulator);
        await using Provider again = await Provider.ConnectAsync(options);

        Assert.Equal(userId, (await again.PaymentServiceProviders.GetAsync(again.UserId)).Id);
        Assert.Equal(["/v1/session-server"], second.Requests.Where(r => ContextCalls.Contains(r.Path)).Select(r => r.Path));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static BunqEmulatorOptions Fast => new() { EnforceRateLimits = false };

    private string ContextPath => Path.Combine(_dir, "bunq-context.json");

    private static BunqPsd2Certificate Load(X509Certificate2 certificate, string chainPem) =>
        BunqPsd2Certificate.FromPem(Psd2TestCertificates.Pem(certificate), Psd2TestCertificates.PrivateKeyPem(certificate), chainPem);

    private BunqOptions Options(BunqEmulator bunq, BunqPsd2Certificate? psd2)
    {
        BunqOptions options = GeneratedClientTests.Options(bunq, apiKey: null);
        options.Psd2Certificate = psd2;
        options.ContextStore = BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(Path.Combine(_dir, "context.key")));
        return options;
    }
}
