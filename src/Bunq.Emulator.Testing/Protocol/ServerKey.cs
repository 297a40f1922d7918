using System.Security.Cryptography;

namespace Bunq.Emulator;

/// <summary>The emulator's RSA-2048 signing key, and a foreign one for the <see cref="BunqFaultKind.ForeignSignature"/> fault.</summary>
internal sealed class ServerKey : IDisposable
{
    public static readonly RSA Foreign = RSA.Create(2048);

    public ServerKey(RSA? rsa = null) => Rsa = rsa ?? RSA.Create(2048);

    public RSA Rsa { get; }

    public string PublicKeyPem => new string(PemEncoding.Write("PUBLIC KEY", Rsa.ExportSubjectPublicKeyInfo())) + "\n";

    public void Dispose() => Rsa.Dispose();
}
