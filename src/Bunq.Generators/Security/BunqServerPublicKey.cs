using System.Security.Cryptography;

namespace Bunq;

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
    internal bool Verify(ReadOnlySpan<byte> data, string? signatureBase64)
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
    internal bool VerifyHash(ReadOnlySpan<byte> sha256, string? signatureBase64)
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
