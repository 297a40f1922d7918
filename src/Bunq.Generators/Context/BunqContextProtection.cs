using System.Security.Cryptography;

namespace Bunq;

/// <summary>
/// How a context file protects its secrets (private key, tokens, API key): AES-256-GCM under a key from a per-user key
/// file or from a passphrase. Plain text only when asked for by name.
/// </summary>
public abstract class BunqContextProtection
{
    private protected const int KeySize = 32;

    private protected BunqContextProtection()
    {
    }

    /// <summary>No encryption: the file holds the private key and tokens in plain text. For throw-away test contexts only.</summary>
    public static BunqContextProtection None { get; } = new PlainText();

    internal abstract string Scheme { get; }

    /// <summary>
    /// <paramref name="context"/> in the file store's stored form, byte for byte: the base address in the clear, the
    /// private key, tokens and API key encrypted under this protection. For a store of your own (a shared one, see
    /// <see cref="IBunqSharedContextStore"/>) that keeps contexts somewhere else than a file.
    /// </summary>
    public byte[] Seal(BunqApiContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new BunqContextFile("(sealed context)", this).Serialize(context);
    }

    /// <summary>A context from what <see cref="Seal"/> returned (or a context file's bytes).</summary>
    /// <param name="sealedContext">The stored form.</param>
    /// <param name="source">Where it was kept, for the error messages (<c>redis:bunq:context</c>); never a secret.</param>
    /// <exception cref="BunqContextStoreException">The bytes are not a context this protection can read or decrypt.</exception>
    public BunqApiContext Open(byte[] sealedContext, string source)
    {
        ArgumentNullException.ThrowIfNull(sealedContext);
        ArgumentException.ThrowIfNullOrEmpty(source);
        return new BunqContextFile(source, this).Deserialize(sealedContext);
    }

    /// <summary>
    /// A random 256-bit key kept in a separate file only the current user can read (default: the user's application-data
    /// folder, <c>Bunq.Generators/context-protection.key</c>). A leaked or backed-up context file alone is useless; an
    /// attacker with the user's account is not stopped (use <see cref="Passphrase"/> for that).
    /// The first save creates the key (owner-only, safe when several connections or processes do it at once); a load never
    /// does: a missing key, or one other users may read or write (Unix mode bits), is a <see cref="BunqContextStoreException"/>.
    /// </summary>
    public static BunqContextProtection UserKey(string? keyPath = null) => new UserKeyFile(keyPath ?? DefaultKeyPath());

    /// <summary>
    /// The protection <c>Bunq:ContextPassphrase</c> asks for: <see cref="Passphrase"/> with it, or <see cref="UserKey"/>
    /// without one. Every store made from configuration (the file's, an optional package's) protects the context so.
    /// </summary>
    public static BunqContextProtection FromConfiguration(string? contextPassphrase) =>
        contextPassphrase is { Length: > 0 } passphrase ? Passphrase(passphrase) : UserKey();

    /// <summary>A key derived from <paramref name="passphrase"/> (PBKDF2-SHA256, 600,000 iterations, random salt).</summary>
    public static BunqContextProtection Passphrase(string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        return new PassphraseKey(passphrase);
    }

    /// <summary>The key and salt to encrypt a new file with; a per-user key file is created when there is none yet.</summary>
    internal abstract (byte[] Key, byte[] Salt) KeyForWriting();

    /// <summary>The key to decrypt an existing file with (<paramref name="salt"/> is its salt); creates nothing.</summary>
    internal abstract byte[] KeyForReading(byte[]? salt);

    private static string DefaultKeyPath()
    {
        string folder = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(folder))
        {
            throw new BunqContextStoreException(
                "No per-user application-data folder to keep the context protection key in; pass a key path to BunqContextProtection.UserKey or use a passphrase.");
        }

        return Path.Combine(folder, "Bunq.Generators", "context-protection.key");
    }

    private sealed class PlainText : BunqContextProtection
    {
        internal override string Scheme => "none";

        internal override (byte[] Key, byte[] Salt) KeyForWriting() => throw new InvalidOperationException("plain text has no key");

        internal override byte[] KeyForReading(byte[]? salt) => throw new InvalidOperationException("plain text has no key");
    }

    private sealed class UserKeyFile(string path) : BunqContextProtection
    {
        internal override string Scheme => "aes-256-gcm+user-key";

        internal override (byte[] Key, byte[] Salt) KeyForWriting() => (BunqContextKeyFile.ReadOrCreate(path), []);

        internal override byte[] KeyForReading(byte[]? salt) => BunqContextKeyFile.Read(path);
    }

    private sealed class PassphraseKey(string passphrase) : BunqContextProtection
    {
        private const int Iterations = 600_000; // OWASP's 2023 figure for PBKDF2-HMAC-SHA256
        private readonly object _gate = new();
        private (byte[] Salt, byte[] Key)? _cached;

        internal override string Scheme => "aes-256-gcm+pbkdf2-sha256";

        internal override (byte[] Key, byte[] Salt) KeyForWriting() => Key(salt: null);

        internal override byte[] KeyForReading(byte[]? salt) => Key(salt).Key;

        private (byte[] Key, byte[] Salt) Key(byte[]? salt)
        {
            lock (_gate)
            {
                // Derivation is deliberately slow; reuse it while the salt stays the same.
                if (_cached is { } cached && (salt is null || cached.Salt.AsSpan().SequenceEqual(salt)))
                {
                    return (cached.Key, cached.Salt);
                }

                salt ??= RandomNumberGenerator.GetBytes(16);
                byte[] key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, Iterations, HashAlgorithmName.SHA256, KeySize);
                _cached = (salt, key);
                return (key, salt);
            }
        }
    }
}
