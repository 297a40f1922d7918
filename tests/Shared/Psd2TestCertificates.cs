using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bunq.Testing;

/// <summary>
/// PSD2 provider certificates made on the spot with .NET's <see cref="CertificateRequest"/> (never downloaded): the
/// self-signed kind bunq's sandbox accepts, and a root-issued one with a chain. Linked into each test project that needs it.
/// </summary>
internal static class Psd2TestCertificates
{
    public const string GoodName = "CN=Bunq.Generators Test PISP AISP, C=NL";

    /// <summary>A self-signed RSA-2048 certificate (with its private key) valid from a day ago for a year unless told otherwise.</summary>
    public static X509Certificate2 SelfSigned(string subject = GoodName, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        DateTimeOffset from = notBefore ?? DateTimeOffset.UtcNow.AddDays(-1);
        return request.CreateSelfSigned(from, notAfter ?? from.AddYears(1));
    }

    /// <summary>A root CA and a leaf it issued (the leaf with its private key).</summary>
    public static (X509Certificate2 Root, X509Certificate2 Leaf) Issued(string leafSubject = GoodName)
    {
        using RSA rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Test QTSP Root, C=NL", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        DateTimeOffset from = DateTimeOffset.UtcNow.AddDays(-1);
        X509Certificate2 root = rootRequest.CreateSelfSigned(from, from.AddYears(2));

        using RSA leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest(leafSubject, leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 leafPublic = leafRequest.Create(root, from, from.AddYears(1), RandomNumberGenerator.GetBytes(12));
        return (root, leafPublic.CopyWithPrivateKey(leafKey));
    }

    public static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using RSA key = certificate.GetRSAPrivateKey()!;
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    /// <summary>bunq's <c>client_public_key_signature</c>: RSA-SHA256 PKCS#1 v1.5 over the bytes given, base64.</summary>
    public static string Sign(X509Certificate2 certificate, string text)
    {
        using RSA key = certificate.GetRSAPrivateKey()!;
        return Convert.ToBase64String(key.SignData(System.Text.Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }
}
