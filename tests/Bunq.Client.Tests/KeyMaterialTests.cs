using System.Text;

namespace Bunq.Client.Tests;

public class KeyMaterialTests
{
    private static string Data(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    private static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    [Fact]
    public void Signature_matches_openssl_for_a_fixed_key_and_body()
    {
        using BunqKeyPair key = BunqKeyPair.FromPkcs8Pem(Data("kat-private-key.pem"));

        Assert.Equal(Data("kat-body.signature"), key.Sign(Bytes("kat-body.json")));
    }

    [Fact]
    public void Signature_over_an_empty_body_matches_openssl()
    {
        using BunqKeyPair key = BunqKeyPair.FromPkcs8Pem(Data("kat-private-key.pem"));

        Assert.Equal(Data("kat-empty.signature"), key.Sign([]));
    }

    [Fact]
    public void Public_key_is_the_spki_pem_openssl_derives()
    {
        using BunqKeyPair key = BunqKeyPair.FromPkcs8Pem(Data("kat-private-key.pem"));

        Assert.Equal(Data("kat-public-key.pem"), key.PublicKeyPem);
        Assert.DoesNotContain("\r", key.PublicKeyPem, StringComparison.Ordinal);
        Assert.All(key.PublicKeyPem.TrimEnd('\n').Split('\n'), line => Assert.InRange(line.Length, 1, 64));
    }

    [Fact]
    public void Server_key_verifies_openssl_signature_and_rejects_a_changed_body()
    {
        using BunqServerPublicKey server = BunqServerPublicKey.FromPem(Data("kat-public-key.pem"));
        byte[] body = Bytes("kat-body.json");

        Assert.True(server.Verify(body, Data("kat-body.signature")));
        body[10] ^= 1;
        Assert.False(server.Verify(body, Data("kat-body.signature")));
        Assert.False(server.Verify(Bytes("kat-body.json"), null));
        Assert.False(server.Verify(Bytes("kat-body.json"), "not base64!"));
        Assert.False(server.Verify(Bytes("kat-body.json"), Convert.ToBase64String(new byte[10])));
    }

    [Fact]
    public void Generated_key_round_trips_through_pkcs8_pem()
    {
        using BunqKeyPair original = BunqKeyPair.Generate();
        using BunqKeyPair restored = BunqKeyPair.FromPkcs8Pem(original.ExportPkcs8Pem());
        byte[] data = Encoding.UTF8.GetBytes("{}");

        Assert.Equal(original.PublicKeyPem, restored.PublicKeyPem);
        Assert.Equal(original.Sign(data), restored.Sign(data));
    }

    [Fact]
    public void A_1024_bit_key_is_refused_with_the_reason()
    {
        var e = Assert.Throws<BunqKeyException>(() => BunqKeyPair.FromPkcs8Pem(Data("rsa-1024-private-key.pem")));

        Assert.Contains("2048", e.Message, StringComparison.Ordinal);
        Assert.Contains("1024", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_rsa_key_is_refused()
    {
        Assert.Throws<BunqKeyException>(() => BunqKeyPair.FromPkcs8Pem(Data("ec-private-key.pem")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pem at all")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")]
    public void A_malformed_pem_is_refused_with_a_typed_error(string pem)
    {
        var e = Assert.Throws<BunqKeyException>(() => BunqKeyPair.FromPkcs8Pem(pem));

        Assert.DoesNotContain("AAAA", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_pem_is_refused()
    {
        string pem = Data("kat-private-key.pem");

        Assert.Throws<BunqKeyException>(() => BunqKeyPair.FromPkcs8Pem(pem[..(pem.Length / 2)] + "\n-----END PRIVATE KEY-----\n"));
    }

    [Fact]
    public void Server_key_of_wrong_shape_is_refused()
    {
        Assert.Throws<BunqKeyException>(() => BunqServerPublicKey.FromPem("garbage"));
        Assert.Throws<BunqKeyException>(() => BunqServerPublicKey.FromPem(Data("kat-private-key.pem")));
    }

    [Fact]
    public void Key_and_secret_never_show_in_ToString()
    {
        using BunqKeyPair key = BunqKeyPair.FromPkcs8Pem(Data("kat-private-key.pem"));
        var secret = new BunqSecret("sandbox_supersecret");
        string privateBase64 = Data("kat-private-key.pem").Split('\n')[1];

        Assert.DoesNotContain(privateBase64, key.ToString(), StringComparison.Ordinal);
        Assert.Equal("***", secret.ToString());
        Assert.DoesNotContain("supersecret", $"{secret}", StringComparison.Ordinal);
        Assert.DoesNotContain("supersecret", new BunqDeviceServerRequest("d", "sandbox_supersecret", null).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("supersecret", new BunqSessionServerRequest("sandbox_supersecret").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok123", new BunqCredentials(key, null, new BunqSecret("tok123")).ToString(), StringComparison.Ordinal);
    }
}

public class DigestSigningTests
{
    [Fact]
    public void Signing_a_digest_gives_the_openssl_signature_of_the_body()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "TestData");
        using BunqKeyPair key = BunqKeyPair.FromPkcs8Pem(File.ReadAllText(Path.Combine(dir, "kat-private-key.pem")));
        using BunqServerPublicKey server = BunqServerPublicKey.FromPem(File.ReadAllText(Path.Combine(dir, "kat-public-key.pem")));
        byte[] digest = System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "kat-body.json")));
        string expected = File.ReadAllText(Path.Combine(dir, "kat-body.signature"));

        Assert.Equal(expected, key.SignHash(digest));
        Assert.True(server.VerifyHash(digest, expected));
        digest[0] ^= 1;
        Assert.False(server.VerifyHash(digest, expected));
        Assert.False(server.VerifyHash(digest, null));
    }
}
