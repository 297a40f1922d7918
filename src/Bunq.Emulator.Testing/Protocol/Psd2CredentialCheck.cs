using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Bunq.Emulator;

/// <summary>
/// bunq's sandbox checks on <c>POST /payment-service-provider-credential</c> (bunq-protocol.md §10.2): the certificate and
/// its chain are present and parse, the certificate's CN has at most 64 characters and names PISP and/or AISP, the
/// certificate is valid now and chains to the chain sent (a self-signed certificate is its own chain), and
/// <c>client_public_key_signature</c> is the certificate key's signature over the installation's public-key PEM as sent
/// followed by the installation token.
/// </summary>
/// <remarks>
/// Each failure is one sentence saying what to send instead; none repeats the caller's text (the CN or PEMs are
/// untrusted), only lengths and the certificate's own validity dates.
/// </remarks>
internal static class Psd2CredentialCheck
{
    public const string CertificateField = "client_payment_service_provider_certificate";
    public const string ChainField = "client_payment_service_provider_certificate_chain";
    public const string SignatureField = "client_public_key_signature";
    public const int MaxCommonNameLength = 64;

    private const string CommonNameOid = "2.5.4.3";

    /// <summary>The certificate's subject and CN when every check passes; otherwise the 400 description.</summary>
    public static bool TryAccept(JsonElement? body, Installation installation, DateTimeOffset now, out (string Subject, string CommonName) accepted, out string error)
    {
        accepted = default;
        string? certificatePem = body.String(CertificateField);
        string? chainPem = body.String(ChainField);
        string? signature = body.String(SignatureField);
        if (string.IsNullOrWhiteSpace(certificatePem) || string.IsNullOrWhiteSpace(signature))
        {
            error = $"Fields '{CertificateField}', '{ChainField}' and '{SignatureField}' are required.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(chainPem))
        {
            error = $"Field '{ChainField}' is required: send the PEM of the intermediate and root certificates (for a self-signed certificate, the certificate itself).";
            return false;
        }

        using X509Certificate2? certificate = ReadCertificate(certificatePem);
        if (certificate is null)
        {
            error = $"Field '{CertificateField}' is not a PEM certificate.";
            return false;
        }

        X509Certificate2Collection chain = ReadChain(chainPem);
        try
        {
            error = CheckCommonName(certificate)
                ?? CheckValidity(certificate, now)
                ?? (chain.Count == 0 ? $"Field '{ChainField}' holds no PEM certificate." : null)
                ?? CheckChain(certificate, chain, now)
                ?? CheckSignature(certificate, signature, installation)
                ?? string.Empty;
        }
        finally
        {
            foreach (X509Certificate2 member in chain)
            {
                member.Dispose();
            }
        }

        accepted = (certificate.Subject, CommonName(certificate) ?? string.Empty);
        return error.Length == 0;
    }

    /// <summary>The bytes a provider signs: the installation's public-key PEM exactly as sent, then the installation token.</summary>
    public static byte[] SignedBytes(Installation installation) => Encoding.UTF8.GetBytes(installation.PublicKeyPem + installation.Token);

    private static string? CheckCommonName(X509Certificate2 certificate)
    {
        string? commonName = CommonName(certificate);
        if (string.IsNullOrEmpty(commonName))
        {
            return "The certificate's subject has no common name (CN); it must contain PISP and/or AISP.";
        }

        if (commonName.Length > MaxCommonNameLength)
        {
            return $"The certificate's common name (CN) has {commonName.Length} characters; at most {MaxCommonNameLength} are allowed.";
        }

        return commonName.Contains("PISP", StringComparison.Ordinal) || commonName.Contains("AISP", StringComparison.Ordinal)
            ? null
            : "The certificate's common name (CN) must contain PISP and/or AISP.";
    }

    private static string? CommonName(X509Certificate2 certificate) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => !rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid)
            .Select(rdn => rdn.GetSingleElementValue())
            .FirstOrDefault();

    private static string? CheckValidity(X509Certificate2 certificate, DateTimeOffset now)
    {
        DateTime from = certificate.NotBefore.ToUniversalTime();
        DateTime until = certificate.NotAfter.ToUniversalTime();
        return now.UtcDateTime < from || now.UtcDateTime > until
            ? $"The certificate is not valid now: it is valid from {from:yyyy-MM-dd HH:mm:ss} until {until:yyyy-MM-dd HH:mm:ss} UTC."
            : null;
    }

    /// <summary>
    /// The certificate must chain to a self-signed certificate of the chain sent, with every signature verified. Trust
    /// stops there: the sandbox accepts self-signed certificates, so no outside root is asked for.
    /// </summary>
    private static string? CheckChain(X509Certificate2 certificate, X509Certificate2Collection chain, DateTimeOffset now)
    {
        using var builder = new X509Chain();
        builder.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        builder.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        builder.ChainPolicy.VerificationTime = now.UtcDateTime;
        foreach (X509Certificate2 member in chain)
        {
            (member.SubjectName.RawData.AsSpan().SequenceEqual(member.IssuerName.RawData) ? builder.ChainPolicy.CustomTrustStore : builder.ChainPolicy.ExtraStore).Add(member);
        }

        if (IsSelfSigned(certificate) && !chain.Contains(certificate))
        {
            return $"Field '{ChainField}' does not hold this self-signed certificate; for a self-signed certificate, send the certificate itself as its chain.";
        }

        return builder.Build(certificate)
            ? null
            : $"The certificate does not chain to the certificates in '{ChainField}' (send its intermediate and root certificates).";
    }

    private static string? CheckSignature(X509Certificate2 certificate, string signature, Installation installation)
    {
        using RSA? key = certificate.GetRSAPublicKey();
        if (key is null)
        {
            return "The certificate's public key is not an RSA key.";
        }

        byte[] bytes = new byte[key.KeySize / 8];
        bool valid = Convert.TryFromBase64String(signature, bytes, out int length) && length == bytes.Length
            && key.VerifyData(SignedBytes(installation), bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return valid
            ? null
            : $"Field '{SignatureField}' is not a valid signature: sign the installation's public key PEM as sent, followed by the installation token, "
                + "with the certificate's private key (RSA, SHA-256, PKCS#1 v1.5), and send it in base64.";
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static X509Certificate2? ReadCertificate(string pem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static X509Certificate2Collection ReadChain(string pem)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            foreach (X509Certificate2 member in chain)
            {
                member.Dispose();
            }

            chain.Clear();
        }

        return chain;
    }
}
