using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Bunq;

/// <summary>
/// A PSD2 provider's QSEAL/eIDAS certificate with its private key and its chain (intermediate and root certificates; for
/// a self-signed sandbox certificate, the certificate itself). Set it as <see cref="BunqOptions.Psd2Certificate"/> and the
/// client makes a PSD2 context instead of an API-key one. <see cref="ToString"/> never shows key material.
/// </summary>
/// <remarks>
/// Only what is certain locally is checked here (the PEM or PKCS#12 reads, the key is RSA and belongs to the certificate,
/// a chain is present); whether bunq accepts the certificate (its CN, its validity, its chain) is bunq's call, answered
/// with a <see cref="BunqPsd2Exception"/> when the context is made.
/// </remarks>
public sealed class BunqPsd2Certificate : IDisposable
{
    private readonly RSA _key;

    private BunqPsd2Certificate(X509Certificate2 certificate, RSA key, string chainPem)
    {
        Certificate = certificate;
        _key = key;
        ChainPem = chainPem;
        CertificatePem = certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>The certificate (public part only).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate as PEM, as sent in <c>client_payment_service_provider_certificate</c>.</summary>
    public string CertificatePem { get; }

    /// <summary>The chain as PEM, as sent in <c>client_payment_service_provider_certificate_chain</c>.</summary>
    public string ChainPem { get; }

    /// <summary>The certificate's subject distinguished name.</summary>
    public string Subject => Certificate.Subject;

    /// <summary>Reads a PEM certificate, its unencrypted PKCS#8 (or PKCS#1) RSA private key, and its chain.</summary>
    /// <param name="certificatePem">The provider's certificate.</param>
    /// <param name="privateKeyPem">The certificate's private key (<c>PRIVATE KEY</c> or <c>RSA PRIVATE KEY</c>).</param>
    /// <param name="chainPem">The intermediate and root certificates, concatenated; the certificate itself when self-signed.</param>
    /// <exception cref="BunqPsd2Exception">Something does not read, the key is not the certificate's, or the chain is empty.</exception>
    public static BunqPsd2Certificate FromPem(string certificatePem, string privateKeyPem, string chainPem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        X509Certificate2 certificate = ReadCertificate(certificatePem);
        RSA key = RSA.Create();
        try
        {
            key.ImportFromPem(privateKeyPem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            certificate.Dispose();
            throw new BunqPsd2Exception("The PSD2 private key is not an unencrypted RSA 'PRIVATE KEY' or 'RSA PRIVATE KEY' PEM.", e);
        }

        return Create(certificate, key, chainPem);
    }

    /// <summary>Reads a PKCS#12 (<c>.pfx</c>/<c>.p12</c>) file holding the certificate and its private key.</summary>
    /// <param name="path">The file.</param>
    /// <param name="password">The file's password, or null.</param>
    /// <param name="chainPem">The chain as PEM; null takes the other certificates in the file.</param>
    /// <exception cref="BunqPsd2Exception">The file does not read, holds no RSA key for its certificate, or no chain is at hand.</exception>
    public static BunqPsd2Certificate FromPkcs12File(string path, string? password, string? chainPem = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BunqPsd2Exception($"The PKCS#12 file '{path}' cannot be read: {e.Message}", e);
        }

        return FromPkcs12(bytes, password, chainPem);
    }

    /// <summary>Reads PKCS#12 bytes holding the certificate and its private key.</summary>
    /// <param name="pkcs12">The PKCS#12 data.</param>
    /// <param name="password">Its password, or null.</param>
    /// <param name="chainPem">The chain as PEM; null takes the other certificates in the data.</param>
    /// <exception cref="BunqPsd2Exception">The data does not read, holds no RSA key for its certificate, or no chain is at hand.</exception>
    public static BunqPsd2Certificate FromPkcs12(byte[] pkcs12, string? password, string? chainPem = null)
    {
        ArgumentNullException.ThrowIfNull(pkcs12);
        X509Certificate2Collection all;
        try
        {
#if NET9_0_OR_GREATER
            all = X509CertificateLoader.LoadPkcs12Collection(pkcs12, password, X509KeyStorageFlags.EphemeralKeySet);
#else
            all = new X509Certificate2Collection();
            all.Import(pkcs12, password, X509KeyStorageFlags.EphemeralKeySet);
#endif
        }
        catch (CryptographicException e)
        {
            throw new BunqPsd2Exception("The PKCS#12 data cannot be read: wrong password, or not a PKCS#12 file.", e);
        }

        try
        {
            X509Certificate2 withKey = all.FirstOrDefault(c => c.HasPrivateKey)
                ?? throw new BunqPsd2Exception("The PKCS#12 data holds no certificate with a private key.");
            RSA key = withKey.GetRSAPrivateKey()
                ?? throw new BunqPsd2Exception("The PKCS#12 certificate's private key is not an RSA key; bunq signs PSD2 credentials with RSA.");
            string chain = chainPem ?? string.Concat(all.Where(c => !ReferenceEquals(c, withKey)).Select(c => c.ExportCertificatePem() + "\n"));
            return Create(ReadCertificate(withKey.ExportCertificatePem()), key, chain);
        }
        finally
        {
            foreach (X509Certificate2 certificate in all)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>
    /// <c>client_public_key_signature</c>: RSA-SHA256 PKCS#1 v1.5, with the certificate's key, over the installation's
    /// public-key PEM exactly as sent (ending in <c>\n</c>) followed by the installation token (bunq-protocol.md §10.2).
    /// </summary>
    internal string SignInstallation(string installationPublicKeyPem, BunqSecret installationToken) =>
        Convert.ToBase64String(_key.SignData(
            Encoding.UTF8.GetBytes(installationPublicKeyPem + installationToken.Reveal()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>
    /// An independent copy for a context to own: the caller may dispose the one in <see cref="BunqOptions"/> while the
    /// context still saves itself on every new session.
    /// </summary>
    internal BunqPsd2Certificate Copy() => FromPem(CertificatePem, ExportPrivateKeyPem(), ChainPem);

    /// <summary>The private key as unencrypted PKCS#8 PEM, for the context store's encrypted secrets only.</summary>
    internal string ExportPrivateKeyPem() => new(PemEncoding.Write("PRIVATE KEY", _key.ExportPkcs8PrivateKey()));

    /// <inheritdoc/>
    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    /// <summary>Never shows key material.</summary>
    public override string ToString() => $"BunqPsd2Certificate({Subject}, private key redacted)";

    private static BunqPsd2Certificate Create(X509Certificate2 certificate, RSA key, string? chainPem)
    {
        try
        {
            using RSA? certificateKey = certificate.GetRSAPublicKey();
            if (certificateKey is null)
            {
                throw new BunqPsd2Exception("The PSD2 certificate's public key is not an RSA key; bunq signs PSD2 credentials with RSA.");
            }

            if (!certificateKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                throw new BunqPsd2Exception("The PSD2 private key does not belong to the certificate: bunq would refuse every signature made with it.");
            }

            return new BunqPsd2Certificate(certificate, key, CheckChain(chainPem));
        }
        catch
        {
            key.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    private static string CheckChain(string? chainPem)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            if (!string.IsNullOrWhiteSpace(chainPem))
            {
                chain.ImportFromPem(chainPem);
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new BunqPsd2Exception("The PSD2 certificate chain is not PEM certificates.", e);
        }
        finally
        {
            foreach (X509Certificate2 member in chain)
            {
                member.Dispose();
            }
        }

        return chain.Count > 0
            ? chainPem!
            : throw new BunqPsd2Exception(
                "The PSD2 certificate chain is missing: bunq requires the intermediate and root certificates (for a self-signed sandbox certificate, the certificate itself).");
    }

    private static X509Certificate2 ReadCertificate(string pem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new BunqPsd2Exception("The PSD2 certificate is not a PEM certificate.", e);
        }
    }
}
