using System.Security.Cryptography;

namespace Bunq;

/// <summary>
/// The client's RSA-2048 key pair. bunq refuses any other modulus length, so this type refuses it first.
/// <see cref="ToString"/> never shows key material.
/// </summary>
public sealed class BunqKeyPair : IDisposable
{
    /// <summary>The only modulus length bunq accepts.</summary>
    public const int KeySizeInBits = 2048;

    private readonly RSA _rsa;

    private BunqKeyPair(RSA rsa)
    {
        _rsa = rsa;
        PublicKeyPem = BunqPem.ExportPublicKey(rsa);
    }

    /// <summary>The public key as the SPKI PEM bunq expects in <c>client_public_key</c> (64-column lines, <c>\n</c>, trailing newline).</summary>
    public string PublicKeyPem { get; }

    /// <summary>Generates a fresh RSA-2048 key pair.</summary>
    public static BunqKeyPair Generate() => new(RSA.Create(KeySizeInBits));

    /// <summary>Imports a private key from an unencrypted PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>).</summary>
    /// <exception cref="BunqKeyException">The PEM is malformed, not RSA, or not 2048 bits.</exception>
    public static BunqKeyPair FromPkcs8Pem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        RSA rsa = RSA.Create();
        try
        {
            if (!PemEncoding.TryFind(pem, out PemFields fields))
            {
                throw new BunqKeyException("The private key is not a PEM document (no -----BEGIN PRIVATE KEY----- block found).");
            }

            string label = pem[fields.Label];
            if (label != "PRIVATE KEY")
            {
                throw new BunqKeyException($"Expected a PKCS#8 'PRIVATE KEY' PEM block but found '{label}'.");
            }

            byte[] der = Convert.FromBase64String(pem[fields.Base64Data].ToString());
            rsa.ImportPkcs8PrivateKey(der, out _);
            return FromRsa(rsa);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            rsa.Dispose();
            throw new BunqKeyException("The private key PEM could not be read as an RSA PKCS#8 key.", e);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>Exports the private key as unencrypted PKCS#8 PEM. Treat the result as a secret.</summary>
    public string ExportPkcs8Pem() => new(PemEncoding.Write("PRIVATE KEY", _rsa.ExportPkcs8PrivateKey()));

    /// <summary>Signs <paramref name="data"/> with SHA-256 and PKCS#1 v1.5; returns the base64 bunq puts in <c>X-Bunq-Client-Signature</c>.</summary>
    public string Sign(ReadOnlySpan<byte> data)
    {
        Span<byte> signature = stackalloc byte[KeySizeInBits / 8];
        if (!_rsa.TrySignData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out int written))
        {
            throw new CryptographicException("RSA signature did not fit the expected size.");
        }

        return Convert.ToBase64String(signature[..written]);
    }

    /// <summary>Signs a SHA-256 digest (PKCS#1 v1.5): the same signature as <see cref="Sign"/> over the digested bytes.</summary>
    public string SignHash(ReadOnlySpan<byte> sha256)
    {
        Span<byte> signature = stackalloc byte[KeySizeInBits / 8];
        if (!_rsa.TrySignHash(sha256, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out int written))
        {
            throw new CryptographicException("RSA signature did not fit the expected size.");
        }

        return Convert.ToBase64String(signature[..written]);
    }

    /// <inheritdoc/>
    public void Dispose() => _rsa.Dispose();

    /// <summary>Never shows key material.</summary>
    public override string ToString() => "BunqKeyPair(RSA-2048, private key redacted)";

    private static BunqKeyPair FromRsa(RSA rsa)
    {
        if (rsa.KeySize != KeySizeInBits)
        {
            throw new BunqKeyException(
                $"bunq requires an RSA key of exactly {KeySizeInBits} bits; this key has {rsa.KeySize} bits. Generate a new key with BunqKeyPair.Generate().");
        }

        return new BunqKeyPair(rsa);
    }
}

/// <summary>bunq's public key (<c>server_public_key</c>), used to verify <c>X-Bunq-Server-Signature</c>.</summary>
public sealed class BunqServerPublicKey : IDisposable
{
    private readonly RSA _rsa;

    private BunqServerPublicKey(RSA rsa, string pem)
    {
        _rsa = rsa;
        Pem = pem;
    }

    /// <summary>The key as SPKI PEM.</summary>
    public string Pem { get; }

    /// <summary>Imports bunq's key from the SPKI PEM of the installation response.</summary>
    /// <exception cref="BunqKeyException">The PEM is malformed or not an RSA-2048 public key.</exception>
    public static BunqServerPublicKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        RSA rsa = RSA.Create();
        try
        {
            if (!PemEncoding.TryFind(pem, out PemFields fields) || pem[fields.Label] != "PUBLIC KEY")
            {
                throw new BunqKeyException("The server public key is not a 'PUBLIC KEY' PEM document.");
            }

            rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(pem[fields.Base64Data].ToString()), out _);
            if (rsa.KeySize != BunqKeyPair.KeySizeInBits)
            {
                throw new BunqKeyException($"The server public key has {rsa.KeySize} bits; bunq's key is {BunqKeyPair.KeySizeInBits} bits.");
            }

            return new BunqServerPublicKey(rsa, BunqPem.ExportPublicKey(rsa));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            rsa.Dispose();
            throw new BunqKeyException("The server public key PEM could not be read as an RSA public key.", e);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    /// <summary>True when <paramref name="signatureBase64"/> is a valid SHA-256/PKCS#1 v1.5 signature of <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, string? signatureBase64)
    {
        if (string.IsNullOrEmpty(signatureBase64))
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[BunqKeyPair.KeySizeInBits / 8];
        if (!Convert.TryFromBase64String(signatureBase64, signature, out int length) || length != signature.Length)
        {
            return false;
        }

        return _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>True when <paramref name="signatureBase64"/> signs the SHA-256 digest <paramref name="sha256"/>.</summary>
    public bool VerifyHash(ReadOnlySpan<byte> sha256, string? signatureBase64)
    {
        if (string.IsNullOrEmpty(signatureBase64))
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[BunqKeyPair.KeySizeInBits / 8];
        return Convert.TryFromBase64String(signatureBase64, signature, out int length) && length == signature.Length
            && _rsa.VerifyHash(sha256, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <inheritdoc/>
    public void Dispose() => _rsa.Dispose();
}

internal static class BunqPem
{
    /// <summary>SPKI PEM with 64-column lines, <c>\n</c> line ends and a trailing newline, as bunq's SDKs send it.</summary>
    public static string ExportPublicKey(RSA rsa)
    {
        // PemEncoding.Write already wraps at 64 columns with '\n'; bunq's SDKs end the document with a newline.
        return new string(PemEncoding.Write("PUBLIC KEY", rsa.ExportSubjectPublicKeyInfo())) + "\n";
    }
}
