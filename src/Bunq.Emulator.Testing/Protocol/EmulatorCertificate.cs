using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bunq.Emulator;

/// <summary>A self-signed server certificate made at start; clients trust it through its SPKI pin.</summary>
internal static class EmulatorCertificate
{
    private static readonly object Gate = new();
    private static X509Certificate2? _shared;

    /// <summary>
    /// The certificate emulators in this process share when they keep no data directory: made once (a key, a
    /// self-signature and a PKCS#12 round trip), not once per emulator, and made again when within a day of its end.
    /// It is never disposed: emulators started later use it.
    /// </summary>
    public static X509Certificate2 Shared()
    {
        lock (Gate)
        {
            if (_shared is null || _shared.NotAfter.ToUniversalTime() < DateTime.UtcNow.AddDays(1))
            {
                _shared = Create(TimeProvider.System);
            }

            return _shared;
        }
    }

    public static X509Certificate2 Create(TimeProvider time)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost, O=Bunq.Emulator", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        DateTimeOffset now = time.GetUtcNow();
        using X509Certificate2 ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));
        // Kestrel needs a certificate whose private key is exportable/persisted: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }

    public static string PinOf(X509Certificate2 certificate) =>
        "sha256/" + Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
}
