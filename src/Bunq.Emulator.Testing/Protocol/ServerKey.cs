using System.Security.Cryptography;

namespace Bunq.Emulator;

/// <summary>The emulator's RSA-2048 signing key, and a foreign one for the <see cref="BunqFaultKind.ForeignSignature"/> fault.</summary>
/// <remarks>
/// bunq signs every answer with one server key, whichever installation asks (<c>server_public_key</c>, the same for all).
/// Emulators in one process without a data directory do the same: they share one key, generated on first use (RSA-2048
/// generation searches for primes, 50-200 ms of CPU), so a test suite that starts an emulator per test class pays it
/// once rather than once per class. A data directory keeps its own key, and an owned key is disposed with its emulator.
/// </remarks>
internal sealed class ServerKey : IDisposable
{
    private static readonly Lazy<RSA> Shared = new(() => Generated(RSA.Create(2048)));
    private static readonly Lazy<RSA> ForeignKey = new(() => Generated(RSA.Create(2048)));
    private readonly bool _owned;
    private readonly Lazy<string> _publicKeyPem;

    /// <param name="rsa">A key of this emulator's own (owned and disposed with it); null for the process's shared key.</param>
    public ServerKey(RSA? rsa = null)
    {
        _owned = rsa is not null;
        Rsa = rsa ?? Shared.Value;
        _publicKeyPem = new(() => new string(PemEncoding.Write("PUBLIC KEY", Rsa.ExportSubjectPublicKeyInfo())) + "\n");
    }

    /// <summary>A key that is not the emulator's: answers signed with it must fail the client's check.</summary>
    public static RSA Foreign => ForeignKey.Value;

    public RSA Rsa { get; }

    public string PublicKeyPem => _publicKeyPem.Value;

    public void Dispose()
    {
        if (_owned)
        {
            Rsa.Dispose();
        }
    }

    // RSA.Create(2048) generates the key when it is first used; do it here, once, rather than inside the first request.
    private static RSA Generated(RSA rsa)
    {
        _ = rsa.ExportParameters(includePrivateParameters: false);
        return rsa;
    }
}
