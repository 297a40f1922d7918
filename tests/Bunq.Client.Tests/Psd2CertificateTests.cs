using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bunq.Testing;

namespace Bunq.Client.Tests;

/// <summary>Reading a PSD2 provider's certificate material (PEM, PKCS#12), its local checks, its signature, its storage.</summary>
public sealed class Psd2CertificateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-psd2-").FullName;
    private readonly X509Certificate2 _certificate = Psd2TestCertificates.SelfSigned();

    private string CertificatePem => Psd2TestCertificates.Pem(_certificate);

    private string KeyPem => Psd2TestCertificates.PrivateKeyPem(_certificate);

    [Fact]
    public void The_installation_signature_is_the_certificate_keys_over_the_pem_as_sent_then_the_token()
    {
        using BunqPsd2Certificate psd2 = BunqPsd2Certificate.FromPem(CertificatePem, KeyPem, CertificatePem);
        using BunqKeyPair installation = BunqKeyPair.Generate();
        var token = new BunqSecret("installation-token-123");

        byte[] signature = Convert.FromBase64String(psd2.SignInstallation(installation.PublicKeyPem, token));

        using RSA certificateKey = _certificate.GetRSAPublicKey()!;
        Assert.EndsWith("\n", installation.PublicKeyPem, StringComparison.Ordinal);
        Assert.True(certificateKey.VerifyData(Encoding.UTF8.GetBytes(installation.PublicKeyPem + "installation-token-123"), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.False(certificateKey.VerifyData(Encoding.UTF8.GetBytes(installation.PublicKeyPem), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void A_key_of_another_certificate_is_refused_before_anything_is_sent()
    {
        using X509Certificate2 other = Psd2TestCertificates.SelfSigned();

        var e = Assert.Throws<BunqPsd2Exception>(() => BunqPsd2Certificate.FromPem(CertificatePem, Psd2TestCertificates.PrivateKeyPem(other), CertificatePem));

        Assert.Contains("does not belong to the certificate", e.Message, StringComparison.Ordinal);
        Assert.Null(e.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    public void A_missing_chain_is_refused(string chain)
    {
        var e = Assert.Throws<BunqPsd2Exception>(() => BunqPsd2Certificate.FromPem(CertificatePem, KeyPem, chain));

        Assert.Contains("chain is missing", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("certificate", "is not a PEM certificate")]
    [InlineData("key", "is not an unencrypted RSA")]
    [InlineData("chain", "chain is not PEM certificates")]
    public void Unreadable_material_is_a_typed_error_that_quotes_none_of_it(string broken, string expected)
    {
        const string Garbage = "-----BEGIN CERTIFICATE-----\nc2VjcmV0LWJ1dC1icm9rZW4=\n-----END CERTIFICATE-----\n";
        string garbageKey = Garbage.Replace("CERTIFICATE", "PRIVATE KEY", StringComparison.Ordinal);

        var e = Assert.Throws<BunqPsd2Exception>(() => BunqPsd2Certificate.FromPem(
            broken == "certificate" ? Garbage : CertificatePem, broken == "key" ? garbageKey : KeyPem, broken == "chain" ? Garbage : CertificatePem));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pkcs12_file_with_its_chain_reads_whole()
    {
        (X509Certificate2 root, X509Certificate2 leaf) = Psd2TestCertificates.Issued();
        using (root)
        using (leaf)
        {
            var collection = new X509Certificate2Collection { leaf, root };
            string path = Path.Combine(_dir, "provider.pfx");
            File.WriteAllBytes(path, collection.Export(X509ContentType.Pkcs12, "pfx-password")!);

            using BunqPsd2Certificate psd2 = BunqPsd2Certificate.FromPkcs12File(path, "pfx-password");

            Assert.Equal(leaf.Subject, psd2.Subject);
            Assert.Equal(Psd2TestCertificates.Pem(root), psd2.ChainPem);
        }
    }

    [Fact]
    public void A_pkcs12_without_chain_needs_one_and_a_wrong_password_is_typed()
    {
        byte[] pfx = _certificate.Export(X509ContentType.Pkcs12, "right");

        Assert.Contains("chain is missing", Assert.Throws<BunqPsd2Exception>(() => BunqPsd2Certificate.FromPkcs12(pfx, "right")).Message, StringComparison.Ordinal);
        Assert.Contains("wrong password", Assert.Throws<BunqPsd2Exception>(() => BunqPsd2Certificate.FromPkcs12(pfx, "wrong", CertificatePem)).Message, StringComparison.Ordinal);
        using BunqPsd2Certificate psd2 = BunqPsd2Certificate.FromPkcs12(pfx, "right", CertificatePem);
        Assert.Equal(CertificatePem, psd2.CertificatePem);
    }

    [Fact]
    public void A_copy_outlives_the_original()
    {
        BunqPsd2Certificate original = BunqPsd2Certificate.FromPem(CertificatePem, KeyPem, CertificatePem);
        using BunqPsd2Certificate copy = original.Copy();
        string expected = original.ExportPrivateKeyPem();

        original.Dispose();

        Assert.Equal(expected, copy.ExportPrivateKeyPem());
        Assert.Equal(CertificatePem, copy.CertificatePem);
    }

    [Fact]
    public void ToString_shows_the_subject_and_no_key_material()
    {
        using BunqPsd2Certificate psd2 = BunqPsd2Certificate.FromPem(CertificatePem, KeyPem, CertificatePem);

        Assert.Equal($"BunqPsd2Certificate({_certificate.Subject}, private key redacted)", psd2.ToString());
    }

    [Fact]
    public async Task A_psd2_context_is_stored_encrypted_and_loads_back_with_its_certificate_and_key()
    {
        using BunqPsd2Certificate psd2 = BunqPsd2Certificate.FromPem(CertificatePem, KeyPem, CertificatePem);
        using RSA server = RSA.Create(2048);
        var context = new BunqApiContext(
            new Uri("https://127.0.0.1:1/v1/"), BunqKeyPair.Generate(), BunqServerPublicKey.FromPem(server.ExportSubjectPublicKeyInfoPem()),
            new BunqSecret("installation"), new BunqSecret("credential-token"), session: null) { Psd2Certificate = psd2 };
        string path = Path.Combine(_dir, "context.json");
        BunqContextProtection protection = BunqContextProtection.UserKey(Path.Combine(_dir, "context.key"));

        await BunqContextStore.File(path, protection).SaveAsync(context.WithSession(new BunqSession(1, new BunqSecret("s"), 7, DateTimeOffset.UtcNow)), default);
        BunqApiContext loaded = (await BunqContextStore.File(path, protection).LoadAsync(default))!;

        string file = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain("PRIVATE KEY", file, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyPem.Split('\n')[1], file, StringComparison.Ordinal);
        Assert.Equal(psd2.CertificatePem, loaded.Psd2Certificate!.CertificatePem);
        Assert.Equal(psd2.ChainPem, loaded.Psd2Certificate.ChainPem);
        Assert.Equal(psd2.ExportPrivateKeyPem(), loaded.Psd2Certificate.ExportPrivateKeyPem());
        Assert.Equal(new BunqSecret("credential-token"), loaded.ApiKey);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
