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
    internal string Sign(ReadOnlySpan<byte> data)
    {
        Span<byte> signature = stackalloc byte[KeySizeInBits / 8];
        if (!_rsa.TrySignData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out int written))
        {
            throw new CryptographicException("RSA signature did not fit the expected size.");
        }

        return Convert.ToBase64String(signature[..written]);
    }

    /// <summary>Signs a SHA-256 digest (PKCS#1 v1.5): the same signature as <see cref="Sign"/> over the digested bytes.</summary>
    internal string SignHash(ReadOnlySpan<byte> sha256)
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
