using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bunq.Emulator;

namespace Bunq.EndToEnd.Tests;

/// <summary>Pinning against a real chain: a test CA issues the emulator's certificate.</summary>
public sealed class PinningTests : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _leaf;

    public PinningTests()
    {
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Bunq.Generators Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        using ECDsa leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        using X509Certificate2 issued = leafRequest.Create(_ca, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(leafKey);
        _leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    [Fact]
    public async Task A_valid_chain_without_a_pinned_key_is_refused_before_any_request_is_sent()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { Certificate = _leaf });
        BunqOptions options = Options(bunq, "sha256/" + Convert.ToBase64String(new byte[32]), trusted: true);

        var e = await Assert.ThrowsAsync<BunqPinningException>(() => BunqSandbox.CreateUserAsync(options));

        Assert.Equal(BunqPinSet.PinOf(_leaf), e.PresentedPins[0]);
        Assert.Contains(BunqPinSet.PinOf(_ca), e.PresentedPins);
        Assert.Empty(bunq.Requests);
    }

    [Fact]
    public async Task A_pin_on_the_ca_key_is_honoured_when_the_chain_validates()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { Certificate = _leaf });

        string apiKey = await BunqSandbox.CreateUserAsync(Options(bunq, BunqPinSet.PinOf(_ca), trusted: true));

        Assert.StartsWith("sandbox_", apiKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pin_on_the_ca_key_counts_for_nothing_when_the_chain_does_not_validate()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { Certificate = _leaf });

        await Assert.ThrowsAsync<BunqPinningException>(() => BunqSandbox.CreateUserAsync(Options(bunq, BunqPinSet.PinOf(_ca), trusted: false)));
        Assert.Empty(bunq.Requests);
    }

    [Fact]
    public async Task During_rotation_old_and_new_pins_are_both_accepted()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync();
        BunqOptions options = GeneratedClientTests.Options(bunq, null);
        options.CertificatePins.Insert(0, "sha256/" + Convert.ToBase64String(SHA256.HashData("retired key"u8)));

        Assert.StartsWith("sandbox_", await BunqSandbox.CreateUserAsync(options), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _leaf.Dispose();
    }

    private BunqOptions Options(BunqEmulator bunq, string pin, bool trusted)
    {
        var options = new BunqOptions { BaseAddress = bunq.BaseAddress, TrustedRoots = trusted ? [_ca] : null };
        options.CertificatePins.Add(pin);
        return options;
    }
}
