using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bunq;

public static partial class BunqContextStore
{
    /// <summary>
    /// Keeps the context in <paramref name="path"/>, written atomically (temporary file, then rename) and readable only
    /// by the owner, with its secrets encrypted under <paramref name="protection"/> (default: a per-user key file).
    /// </summary>
    public static IBunqContextStore File(string path, BunqContextProtection? protection = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new BunqContextFile(path, protection ?? BunqContextProtection.UserKey());
    }
}

/// <summary>The file store. The base address is stored in the clear and bound to the ciphertext as associated data.</summary>
internal sealed class BunqContextFile(string path, BunqContextProtection protection) : IBunqContextStore, IBunqSaveReadiness
{
    internal const string Format = "bunq-generators-context/1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public async ValueTask<BunqApiContext?> LoadAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // no folder yet is no context yet: the first save makes both (after EnsureReadyToSave made the folder)
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BunqContextStoreException($"The context file '{path}' cannot be read: {e.Message}", e);
        }

        return Deserialize(bytes);
    }

    /// <summary>The stored form of <paramref name="context"/>, secrets encrypted (also what <see cref="BunqContextProtection.Seal"/> hands a shared store).</summary>
    internal byte[] Serialize(BunqApiContext context) =>
        JsonSerializer.SerializeToUtf8Bytes(Protect(context), ContextFileJson.Default.ContextFileModel);

    /// <summary>A context from its stored form.</summary>
    /// <exception cref="BunqContextStoreException">The bytes are not a context this store can read or decrypt.</exception>
    internal BunqApiContext Deserialize(byte[] bytes)
    {
        ContextFileModel file = Parse(bytes);
        byte[] secrets = Unprotect(file);
        return ToContext(file, secrets);
    }

    public async ValueTask SaveAsync(BunqApiContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        byte[] bytes = Serialize(context);
        try
        {
            await OwnerOnlyFiles.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BunqContextStoreException($"The context could not be saved to '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Before a new context is made at bunq: the protection key is read or created (a key open to other users, or cut
    /// short, fails here), the folder is made owner-only if missing, and a file can be created next to the context file.
    /// </summary>
    public void EnsureReadyToSave()
    {
        if (protection != BunqContextProtection.None)
        {
            protection.KeyForWriting();
        }

        try
        {
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null && !Directory.Exists(folder))
            {
                OwnerOnlyFiles.CreateFolder(folder);
            }

            OwnerOnlyFiles.ProbeWritable(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BunqContextStoreException($"The context file '{path}' cannot be written: {e.Message}", e);
        }
    }

    private ContextFileModel Protect(BunqApiContext context)
    {
        var secrets = new ContextSecretsModel
        {
            PrivateKey = context.ClientKey.ExportPkcs8Pem(),
            ServerPublicKey = context.ServerKey.Pem,
            InstallationToken = context.InstallationToken.Reveal(),
            ApiKey = context.ApiKey.Reveal(),
            Session = context.Session is { } s
                ? new ContextSessionModel { Id = s.Id, Token = s.Token.Reveal(), UserId = s.UserId, ExpiresAt = s.ExpiresAt, TimeoutSeconds = (long?)s.Timeout?.TotalSeconds }
                : null,
            Psd2 = context.Psd2Certificate is { } psd2
                ? new ContextPsd2Model { Certificate = psd2.CertificatePem, Chain = psd2.ChainPem, PrivateKey = psd2.ExportPrivateKeyPem() }
                : null,
        };
        byte[] plain = JsonSerializer.SerializeToUtf8Bytes(secrets, ContextFileJson.Default.ContextSecretsModel);
        var file = new ContextFileModel { Format = Format, BaseAddress = context.BaseAddress.AbsoluteUri, Protection = protection.Scheme };
        if (protection == BunqContextProtection.None)
        {
            file.Secrets = Convert.ToBase64String(plain);
            return file;
        }

        (byte[] key, byte[] salt) = protection.KeyForWriting();
        byte[] nonce = RandomNumberGenerator.GetBytes(NonceSize);
        byte[] cipher = new byte[plain.Length];
        byte[] tag = new byte[TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plain, cipher, tag, AssociatedData(file));
        }

        CryptographicOperations.ZeroMemory(plain);
        file.Salt = salt.Length == 0 ? null : Convert.ToBase64String(salt);
        file.Nonce = Convert.ToBase64String(nonce);
        file.Tag = Convert.ToBase64String(tag);
        file.Secrets = Convert.ToBase64String(cipher);
        return file;
    }

    private byte[] Unprotect(ContextFileModel file)
    {
        if (file.Protection != protection.Scheme)
        {
            throw new BunqContextStoreException(
                $"The context file '{path}' is protected with '{file.Protection}', but this store uses '{protection.Scheme}'. It was left as it is.");
        }

        try
        {
            byte[] data = Convert.FromBase64String(file.Secrets ?? string.Empty);
            if (protection == BunqContextProtection.None)
            {
                return data;
            }

            byte[] salt = file.Salt is null ? [] : Convert.FromBase64String(file.Salt);
            byte[] key = protection.KeyForReading(salt.Length == 0 ? null : salt);
            byte[] plain = new byte[data.Length];
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(Convert.FromBase64String(file.Nonce ?? string.Empty), data, Convert.FromBase64String(file.Tag ?? string.Empty), plain, AssociatedData(file));
            return plain;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            throw new BunqContextStoreException(
                $"The context file '{path}' cannot be decrypted: wrong passphrase or key file, or the file was altered. It was left as it is.", e);
        }
    }

    private ContextFileModel Parse(byte[] bytes)
    {
        try
        {
            ContextFileModel? file = JsonSerializer.Deserialize(bytes, ContextFileJson.Default.ContextFileModel);
            if (file is { Format: Format, BaseAddress: not null, Protection: not null, Secrets: not null })
            {
                return file;
            }

            throw new BunqContextStoreException(
                file?.Format is { } other && other != Format
                    ? $"The context file '{path}' has format '{other}', which this version cannot read. It was left as it is."
                    : $"The context file '{path}' is incomplete (missing fields). It was left as it is; restore it or delete it to create a new installation.");
        }
        catch (JsonException e)
        {
            throw new BunqContextStoreException(
                $"The context file '{path}' is corrupted or truncated ({bytes.Length} bytes, not valid JSON). It was left as it is; restore it from a backup, or delete it to create a new installation.", e);
        }
    }

    private BunqApiContext ToContext(ContextFileModel file, byte[] secretBytes)
    {
        try
        {
            ContextSecretsModel secrets = JsonSerializer.Deserialize(secretBytes, ContextFileJson.Default.ContextSecretsModel)
                ?? throw new JsonException("null");
            BunqKeyPair key = BunqKeyPair.FromPkcs8Pem(secrets.PrivateKey ?? string.Empty);
            BunqSession? session = secrets.Session is { } s ? new BunqSession(s.Id, new BunqSecret(s.Token!), s.UserId, s.ExpiresAt) { Timeout = s.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null } : null;
            return new BunqApiContext(
                new Uri(file.BaseAddress!), key, BunqServerPublicKey.FromPem(secrets.ServerPublicKey ?? string.Empty),
                new BunqSecret(secrets.InstallationToken!), new BunqSecret(secrets.ApiKey!), session)
            {
                Psd2Certificate = secrets.Psd2 is { } psd2 ? BunqPsd2Certificate.FromPem(psd2.Certificate!, psd2.PrivateKey!, psd2.Chain!) : null,
            };
        }
        catch (Exception e) when (e is JsonException or BunqKeyException or BunqPsd2Exception or ArgumentException or UriFormatException)
        {
            throw new BunqContextStoreException($"The context file '{path}' decrypted but its content is not a usable context. It was left as it is.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secretBytes);
        }
    }

    private static byte[] AssociatedData(ContextFileModel file) => Encoding.UTF8.GetBytes(file.Format + "\n" + file.BaseAddress + "\n" + file.Protection);
}

internal sealed class ContextFileModel
{
    public string? Format { get; set; }

    public string? BaseAddress { get; set; }

    public string? Protection { get; set; }

    public string? Salt { get; set; }

    public string? Nonce { get; set; }

    public string? Tag { get; set; }

    public string? Secrets { get; set; }
}

internal sealed class ContextSecretsModel
{
    public string? PrivateKey { get; set; }

    public string? ServerPublicKey { get; set; }

    public string? InstallationToken { get; set; }

    public string? ApiKey { get; set; }

    public ContextSessionModel? Session { get; set; }

    /// <summary>Only in a PSD2 provider's context.</summary>
    public ContextPsd2Model? Psd2 { get; set; }
}

internal sealed class ContextPsd2Model
{
    public string? Certificate { get; set; }

    public string? Chain { get; set; }

    public string? PrivateKey { get; set; }
}

internal sealed class ContextSessionModel
{
    public long Id { get; set; }

    public string? Token { get; set; }

    public long UserId { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    // Absent in files written before sessions were extended: such a session is then renewed at its stored expiry.
    public long? TimeoutSeconds { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContextFileModel))]
[JsonSerializable(typeof(ContextSecretsModel))]
[JsonSerializable(typeof(ContextPsd2Model))]
internal sealed partial class ContextFileJson : JsonSerializerContext;
