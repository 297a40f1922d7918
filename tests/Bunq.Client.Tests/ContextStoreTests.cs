using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Bunq.Client.Tests;

public sealed class ContextStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-store-").FullName;
    private readonly BunqKeyPair _clientKey = BunqKeyPair.Generate();
    private readonly RSA _server = RSA.Create(2048);

    private string ContextPath => Path.Combine(_dir, "bunq-context.json");

    private BunqContextProtection KeyFile => BunqContextProtection.UserKey(Path.Combine(_dir, "keys", "context.key"));

    public static TheoryData<string> Protections => new() { "user-key", "passphrase", "none" };

    [Theory]
    [MemberData(nameof(Protections))]
    public async Task A_saved_context_loads_back_whole(string protection)
    {
        IBunqContextStore store = BunqContextStore.File(ContextPath, Protection(protection));
        BunqApiContext saved = Context();

        await store.SaveAsync(saved, default);
        BunqApiContext loaded = (await BunqContextStore.File(ContextPath, Protection(protection)).LoadAsync(default))!;

        Assert.Equal(saved.BaseAddress, loaded.BaseAddress);
        Assert.Equal(saved.ClientKey.PublicKeyPem, loaded.ClientKey.PublicKeyPem);
        Assert.Equal(saved.ServerKey.Pem, loaded.ServerKey.Pem);
        Assert.Equal(saved.InstallationToken, loaded.InstallationToken);
        Assert.Equal(saved.ApiKey, loaded.ApiKey);
        Assert.Equal(saved.Session, loaded.Session);
    }

    [Fact]
    public async Task A_missing_file_is_no_context()
    {
        Assert.Null(await BunqContextStore.File(ContextPath, KeyFile).LoadAsync(default));
    }

    [Theory]
    [InlineData("user-key")]
    [InlineData("passphrase")]
    public async Task Protected_files_show_no_secret_and_only_the_owner_can_read_them(string protection)
    {
        await BunqContextStore.File(ContextPath, Protection(protection)).SaveAsync(Context(), default);
        string text = await File.ReadAllTextAsync(ContextPath);

        Assert.DoesNotContain("sandbox_secret_api_key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("installation-token-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("session-token-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.Contains("https://127.0.0.1:4443/v1/", text, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ContextPath));
        }

        Assert.Equal([ContextPath], Directory.GetFiles(_dir)); // no temporary file left behind
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json at all")]
    [InlineData("{\"format\":\"bunq-generators-context/1\"}")]
    [InlineData("{\"format\":\"bunq-generators-context/9\",\"base_address\":\"x\",\"protection\":\"none\",\"secrets\":\"\"}")]
    public async Task A_corrupted_file_is_a_clear_error_and_is_left_untouched(string content)
    {
        await File.WriteAllTextAsync(ContextPath, content);

        var e = await Assert.ThrowsAsync<BunqContextStoreException>(() => BunqContextStore.File(ContextPath, KeyFile).LoadAsync(default).AsTask());

        Assert.Contains(ContextPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("left as it is", e.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(ContextPath));
    }

    [Fact]
    public async Task A_truncated_file_is_a_clear_error()
    {
        await BunqContextStore.File(ContextPath, KeyFile).SaveAsync(Context(), default);
        byte[] whole = await File.ReadAllBytesAsync(ContextPath);
        await File.WriteAllBytesAsync(ContextPath, whole[..(whole.Length / 2)]);

        var e = await Assert.ThrowsAsync<BunqContextStoreException>(() => BunqContextStore.File(ContextPath, KeyFile).LoadAsync(default).AsTask());
        Assert.Contains("corrupted or truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_passphrase_or_an_altered_file_cannot_be_decrypted()
    {
        await BunqContextStore.File(ContextPath, BunqContextProtection.Passphrase("right")).SaveAsync(Context(), default);

        var wrong = await Assert.ThrowsAsync<BunqContextStoreException>(() =>
            BunqContextStore.File(ContextPath, BunqContextProtection.Passphrase("wrong")).LoadAsync(default).AsTask());
        Assert.Contains("cannot be decrypted", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("right", wrong.Message, StringComparison.Ordinal);

        // moving the context to another base address breaks the authentication tag
        string text = await File.ReadAllTextAsync(ContextPath);
        await File.WriteAllTextAsync(ContextPath, text.Replace("127.0.0.1:4443", "127.0.0.1:4444", StringComparison.Ordinal));
        await Assert.ThrowsAsync<BunqContextStoreException>(() =>
            BunqContextStore.File(ContextPath, BunqContextProtection.Passphrase("right")).LoadAsync(default).AsTask());
    }

    [Theory]
    [InlineData("user-key")]
    [InlineData("passphrase")]
    public async Task A_flipped_bit_in_the_encrypted_secrets_is_refused_and_the_file_left_as_it_is(string protection)
    {
        await BunqContextStore.File(ContextPath, Protection(protection)).SaveAsync(Context(), default);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(ContextPath))!;
        byte[] secrets = Convert.FromBase64String(json["secrets"]!.GetValue<string>());
        secrets[secrets.Length / 2] ^= 0x01;
        json["secrets"] = Convert.ToBase64String(secrets);
        string tampered = json.ToJsonString();
        await File.WriteAllTextAsync(ContextPath, tampered);

        var e = await Assert.ThrowsAsync<BunqContextStoreException>(() => BunqContextStore.File(ContextPath, Protection(protection)).LoadAsync(default).AsTask());

        Assert.Contains("cannot be decrypted", e.Message, StringComparison.Ordinal);
        Assert.Equal(tampered, await File.ReadAllTextAsync(ContextPath));
    }

    [Fact]
    public async Task A_file_written_with_another_protection_is_refused_by_name()
    {
        await BunqContextStore.File(ContextPath, BunqContextProtection.None).SaveAsync(Context(), default);

        var e = await Assert.ThrowsAsync<BunqContextStoreException>(() => BunqContextStore.File(ContextPath, KeyFile).LoadAsync(default).AsTask());
        Assert.Contains("'none'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_manager_never_overwrites_a_corrupted_file()
    {
        await File.WriteAllTextAsync(ContextPath, "{ corrupted");
        var options = new BunqOptions { BaseAddress = new Uri("https://127.0.0.1:4443/v1/"), ApiKey = "sandbox_x", ContextStore = BunqContextStore.File(ContextPath, KeyFile) };
        using var transport = new RefusingTransport();
        using var manager = new BunqSessionManager(new BunqPipelineParts(options), transport);

        await Assert.ThrowsAsync<BunqContextStoreException>(() => manager.GetContextAsync(default).AsTask());

        Assert.Equal("{ corrupted", await File.ReadAllTextAsync(ContextPath));
        Assert.Equal(0, transport.Calls); // no new installation was attempted
    }

    [Fact]
    public async Task The_file_survives_a_process_killed_while_saving()
    {
        string writer = Path.Combine(AppContext.BaseDirectory.Replace("Bunq.Client.Tests", "Bunq.ContextWriter", StringComparison.Ordinal), "Bunq.ContextWriter.dll");
        Assert.True(File.Exists(writer), writer);
        string keyPath = Path.Combine(_dir, "keys", "context.key");
        long lastLoaded = 0;
        for (int round = 0; round < 5; round++)
        {
            using var process = Process.Start(new ProcessStartInfo("dotnet", [writer, ContextPath, keyPath]) { RedirectStandardOutput = true })!;
            int saves = 0, target = 20 + (round * 37);
            while (saves < target && await process.StandardOutput.ReadLineAsync() is { } line && line.StartsWith("saved", StringComparison.Ordinal))
            {
                saves++;
            }

            process.Kill(); // SIGKILL, in the middle of whatever save comes next
            await process.WaitForExitAsync();

            BunqApiContext loaded = (await BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(keyPath)).LoadAsync(default))!;
            Assert.NotNull(loaded.Session);
            Assert.True(loaded.Session.Id >= target, $"round {round}: loaded save {loaded.Session.Id}, printed {target}");
            lastLoaded = loaded.Session.Id;
        }

        Assert.True(lastLoaded > 0);
    }

    public void Dispose()
    {
        _clientKey.Dispose();
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private BunqContextProtection Protection(string name) => name switch
    {
        "user-key" => KeyFile,
        "passphrase" => BunqContextProtection.Passphrase("correct horse battery staple"),
        _ => BunqContextProtection.None,
    };

    private BunqApiContext Context() => new(
        new Uri("https://127.0.0.1:4443/v1/"),
        _clientKey,
        BunqServerPublicKey.FromPem(_server.ExportSubjectPublicKeyInfoPem()),
        new BunqSecret("installation-token-value"),
        new BunqSecret("sandbox_secret_api_key"),
        new BunqSession(7, new BunqSecret("session-token-value"), 42, DateTimeOffset.Parse("2026-12-05T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));

    private sealed class RefusingTransport : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            throw new HttpRequestException("no network in this test");
        }
    }
}
