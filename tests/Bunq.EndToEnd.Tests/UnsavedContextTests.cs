using Bunq.Emulator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// A context store that cannot save. A new context costs bunq an installation and a device and its private key exists
/// only in this process until saved, so: a store that can tell beforehand fails before anything is sent, and a save that
/// fails after bunq registered keeps the context in use and saves it later. Installations are counted at the emulator.
/// </summary>
public sealed class UnsavedContextTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-unsaved-").FullName;

    private string KeyPath => Path.Combine(_dir, "keys", "context.key");

    [Theory]
    [InlineData(32, "0644", "open to other users")]
    [InlineData(0, "0600", "not a 32-byte key (0 bytes)")]
    public async Task A_key_file_that_cannot_be_used_fails_before_bunq_registers_anything(int length, string mode, string reason)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // mode bits are Unix's
        }

        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = await BunqSandbox.CreateUserAsync(GeneratedClientTests.Options(bunq, null));
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.WriteAllBytes(KeyPath, new byte[length]);
        File.SetUnixFileMode(KeyPath, (UnixFileMode)Convert.ToInt32(mode, 8));

        for (int attempt = 0; attempt < 2; attempt++)
        {
            BunqOptions options = GeneratedClientTests.Options(bunq, apiKey);
            options.ContextStore = BunqContextStore.File(Path.Combine(_dir, "context.json"), BunqContextProtection.UserKey(KeyPath));

            var e = await Assert.ThrowsAsync<BunqContextStoreException>(() => Bank.ConnectAsync(options));
            Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, Installations(bunq)); // before: one installation and one device per attempt
        Assert.False(File.Exists(Path.Combine(_dir, "context.json")));
    }

    [Fact]
    public async Task A_context_whose_save_fails_stays_in_use_is_logged_and_is_saved_at_a_later_call()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = await BunqSandbox.CreateUserAsync(GeneratedClientTests.Options(bunq, null));
        var store = new FlakyStore(BunqContextStore.File(Path.Combine(_dir, "context.json"), BunqContextProtection.UserKey(KeyPath))) { Broken = true };
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new FakeLogCollector();
        using ILoggerFactory loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        BunqOptions options = GeneratedClientTests.Options(bunq, apiKey);
        options.ContextStore = store;
        options.TimeProvider = time;
        options.LoggerFactory = loggers;

        await using (Bank bank = await Bank.ConnectAsync(options)) // before: the save's error, and the context lost
        {
            Assert.Single((await bank.Users.ListAsync()).Items);
            FakeLogRecord unsaved = Assert.Single(logs.GetSnapshot(), e => e.Id.Id == 1007);
            Assert.Equal(LogLevel.Error, unsaved.Level);
            Assert.Contains("an installation and a device now exist there", unsaved.Message, StringComparison.Ordinal);
            Assert.Contains("Redis is unreachable", unsaved.Message, StringComparison.Ordinal);
            Assert.Null(await store.Inner.LoadAsync(default));

            store.Broken = false;
            Assert.Single((await bank.Users.ListAsync()).Items);
            Assert.Null(await store.Inner.LoadAsync(default)); // not every call: the retry interval has not passed

            time.Advance(TimeSpan.FromSeconds(11));
            Assert.Single((await bank.Users.ListAsync()).Items);
            Assert.Equal(bank.Connection.Context!.InstallationToken, (await store.Inner.LoadAsync(default))!.InstallationToken);
            Assert.Contains(logs.GetSnapshot(), e => e.Id.Id == 1009);
        }

        // a new connection finds the saved context: no second installation
        await using (Bank bank = await Bank.ConnectAsync(options))
        {
            Assert.Single((await bank.Users.ListAsync()).Items);
        }

        Assert.Equal(1, Installations(bunq));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Installations(BunqEmulator bunq) => bunq.Requests.Count(r => r.Path == "/v1/installation");

    /// <summary>A store whose saves fail while <see cref="Broken"/>, as the Redis store's do while Redis is away.</summary>
    private sealed class FlakyStore(IBunqContextStore inner) : IBunqContextStore
    {
        public IBunqContextStore Inner => inner;

        public volatile bool Broken;

        public ValueTask<BunqApiContext?> LoadAsync(CancellationToken cancellationToken) => inner.LoadAsync(cancellationToken);

        public ValueTask SaveAsync(BunqApiContext context, CancellationToken cancellationToken) => Broken
            ? throw new BunqContextStoreException("Redis is unreachable (SocketFailure): the call was not sent.")
            : inner.SaveAsync(context, cancellationToken);
    }
}
