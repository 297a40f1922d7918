using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Bunq.Client.Tests;

/// <summary>The per-user key file of <see cref="BunqContextProtection.UserKey"/>: missing, too open, created concurrently.</summary>
public sealed class ContextKeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-key-").FullName;
    private readonly BunqKeyPair _clientKey = BunqKeyPair.Generate();
    private readonly RSA _server = RSA.Create(2048);

    private string ContextPath => Path.Combine(_dir, "bunq-context.json");

    private string KeyPath => Path.Combine(_dir, "keys", "context.key");

    [Fact]
    public async Task A_missing_key_is_named_and_the_failed_load_creates_nothing()
    {
        await BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(KeyPath)).SaveAsync(Context(), default);
        byte[] context = await File.ReadAllBytesAsync(ContextPath);
        File.Delete(KeyPath);

        var e = await Assert.ThrowsAsync<BunqContextStoreException>(() =>
            BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(KeyPath)).LoadAsync(default).AsTask());

        Assert.Contains($"protection key missing at '{KeyPath}'", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyPath)); // no new key made on the way
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(KeyPath)!));
        Assert.Equal(context, await File.ReadAllBytesAsync(ContextPath));
    }

    [Fact]
    public async Task A_missing_key_stops_the_session_manager_before_any_installation()
    {
        await BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(KeyPath)).SaveAsync(Context(), default);
        byte[] context = await File.ReadAllBytesAsync(ContextPath);
        File.Delete(KeyPath);

        BunqContextStoreException e = await FailsBeforeInstallationAsync(BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(KeyPath)));

        Assert.Contains("protection key missing at", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyPath));
        Assert.Equal(context, await File.ReadAllBytesAsync(ContextPath));
    }

    [Fact]
    public async Task A_context_file_that_cannot_be_written_stops_the_session_manager_before_any_installation()
    {
        string notAFolder = Path.Combine(_dir, "a-file");
        File.WriteAllText(notAFolder, "in the way");

        // before: installation sent, then the save failed
        BunqContextStoreException e = await FailsBeforeInstallationAsync(
            BunqContextStore.File(Path.Combine(notAFolder, "bunq-context.json"), BunqContextProtection.UserKey(KeyPath)));

        Assert.True(e.Message.Contains("bunq-context.json' cannot be written", StringComparison.Ordinal), e.Message);
    }

    /// <summary>A session manager on <paramref name="store"/> fails its first context with the store's error, having sent nothing to bunq.</summary>
    private static async Task<BunqContextStoreException> FailsBeforeInstallationAsync(IBunqContextStore store)
    {
        var options = new BunqOptions { BaseAddress = new Uri("https://127.0.0.1:4443/v1/"), ApiKey = "sandbox_x", ContextStore = store };
        using var transport = new CountingTransport();
        using var manager = new BunqSessionManager(new BunqPipelineParts(options), transport);

        var e = await Assert.ThrowsAsync<BunqContextStoreException>(() => manager.GetContextAsync(default).AsTask());

        Assert.Equal(0, transport.Calls);
        return e;
    }

    [Theory]
    [InlineData("0644")]
    [InlineData("0640")]
    [InlineData("0602")]
    public async Task A_key_open_to_other_users_is_refused_with_the_reason(string mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // mode bits are Unix's; README says what Windows does
        }

        await BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(KeyPath)).SaveAsync(Context(), default);
        byte[] context = await File.ReadAllBytesAsync(ContextPath);
        File.SetUnixFileMode(KeyPath, (UnixFileMode)Convert.ToInt32(mode, 8));
        IBunqContextStore store = BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(KeyPath));

        var load = await Assert.ThrowsAsync<BunqContextStoreException>(() => store.LoadAsync(default).AsTask());
        var save = await Assert.ThrowsAsync<BunqContextStoreException>(() => store.SaveAsync(Context(), default).AsTask());

        foreach (var e in new[] { load, save })
        {
            Assert.Contains($"'{KeyPath}' is open to other users (mode {mode})", e.Message, StringComparison.Ordinal);
            Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(context, await File.ReadAllBytesAsync(ContextPath));
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.NotNull(await store.LoadAsync(default)); // owner-only again: accepted
    }

    [Fact]
    public async Task A_new_key_file_is_owner_only_in_an_owner_only_folder()
    {
        await BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(KeyPath)).SaveAsync(Context(), default);

        Assert.Equal(32, new FileInfo(KeyPath).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(KeyPath)!));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(31)]
    [InlineData(33)]
    public async Task A_key_file_of_another_length_is_a_typed_error_naming_the_file_not_its_content(int length)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        byte[] damaged = RandomNumberGenerator.GetBytes(length);
        File.WriteAllBytes(KeyPath, damaged);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var e = await Assert.ThrowsAsync<BunqContextStoreException>(() =>
            BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(KeyPath)).SaveAsync(Context(), default).AsTask());

        Assert.Contains($"'{KeyPath}' is not a 32-byte key ({length} bytes)", e.Message, StringComparison.Ordinal);
        if (length > 0)
        {
            Assert.DoesNotContain(Convert.ToBase64String(damaged), e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(damaged), e.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(damaged, File.ReadAllBytes(KeyPath)); // left as it is
        Assert.False(File.Exists(ContextPath));
    }

    [Fact]
    public async Task A_key_file_appears_whole_or_not_at_all()
    {
        // A watcher reading the key path as fast as it can while keys are created sees no file or a whole key, never a
        // file being written (the old in-place write showed an empty file between its create and its write).
        const int Keys = 60;
        using var stop = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentBag<long>();
        string keys = Path.Combine(_dir, "watched");
        Directory.CreateDirectory(keys);
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sawKey = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task watcher = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (string file in Directory.EnumerateFiles(keys, "*.key"))
                {
                    try
                    {
                        seen.Add(new FileInfo(file).Length);
                        sawKey.TrySetResult();
                    }
                    catch (IOException)
                    {
                        // removed between listing and reading: nothing seen
                    }
                }

                watching.TrySetResult();
            }
        });
        await watching.Task; // the watcher is looking before the first key is made, not only after the last
        for (int i = 0; i < Keys; i++)
        {
            await BunqContextStore.File(Path.Combine(_dir, $"c-{i}.json"), BunqContextProtection.UserKey(Path.Combine(keys, $"{i}.key"))).SaveAsync(Context(), default);
        }

        await sawKey.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a hang guard, not a timing: it has read at least one key
        await stop.CancelAsync();
        await watcher;

        Assert.NotEmpty(seen);
        Assert.All(seen, length => Assert.Equal(32, length));
        Assert.Equal(Keys, Directory.GetFiles(keys).Length); // no temporary file left behind
    }

    [Fact]
    public async Task Many_first_saves_at_once_in_one_process_share_one_key()
    {
        const int Rounds = 20, Stores = 16;
        for (int round = 0; round < Rounds; round++)
        {
            string keyPath = Path.Combine(_dir, "keys", $"round-{round}.key");
            using var start = new Barrier(Stores);
            Task[] saves = Enumerable.Range(0, Stores).Select(i => Task.Run(async () =>
            {
                IBunqContextStore store = BunqContextStore.File(Path.Combine(_dir, $"context-{round}-{i}.json"), BunqContextProtection.UserKey(keyPath));
                start.SignalAndWait();
                await store.SaveAsync(Context(), default);
            })).ToArray();

            await Task.WhenAll(saves); // today's code: "being used by another process", or a 0-byte key

            for (int i = 0; i < Stores; i++)
            {
                Assert.NotNull(await BunqContextStore.File(Path.Combine(_dir, $"context-{round}-{i}.json"), BunqContextProtection.UserKey(keyPath)).LoadAsync(default));
            }
        }

        Assert.Equal(Rounds, Directory.GetFiles(Path.Combine(_dir, "keys")).Length); // one key per round, nothing left over
    }

    [Fact]
    public async Task Several_processes_creating_the_same_keys_at_once_agree_on_each()
    {
        const int Processes = 6, Keys = 40;
        string writer = Path.Combine(AppContext.BaseDirectory.Replace("Bunq.Client.Tests", "Bunq.ContextWriter", StringComparison.Ordinal), "Bunq.ContextWriter.dll");
        Assert.True(File.Exists(writer), writer);
        string keyPrefix = Path.Combine(_dir, "keys", "shared");
        var processes = new List<Process>();
        try
        {
            for (int p = 0; p < Processes; p++)
            {
                processes.Add(Process.Start(new ProcessStartInfo("dotnet", [writer, "race", Path.Combine(_dir, $"process-{p}"), keyPrefix, Keys.ToString(CultureInfo.InvariantCulture)])
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!);
            }

            // each process says "ready" once started; then all are released together
            foreach (Process process in processes)
            {
                Assert.Equal("ready", await process.StandardOutput.ReadLineAsync());
            }

            foreach (Process process in processes)
            {
                await process.StandardInput.WriteLineAsync("go");
                await process.StandardInput.FlushAsync();
            }

            foreach (Process process in processes)
            {
                string error = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, error); // today's code: "being used by another process" or "not a 32-byte key"
            }
        }
        finally
        {
            foreach (Process process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.Dispose();
            }
        }

        // every context every process wrote decrypts with the one key file of its name
        for (int p = 0; p < Processes; p++)
        {
            for (int k = 0; k < Keys; k++)
            {
                string context = Path.Combine(_dir, $"process-{p}", $"context-{k}.json");
                Assert.NotNull(await BunqContextStore.File(context, BunqContextProtection.UserKey($"{keyPrefix}-{k}.key")).LoadAsync(default));
            }
        }

        Assert.Equal(Keys, Directory.GetFiles(Path.Combine(_dir, "keys")).Length);
    }

    public void Dispose()
    {
        _clientKey.Dispose();
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private BunqApiContext Context() => new(
        new Uri("https://127.0.0.1:4443/v1/"),
        _clientKey,
        BunqServerPublicKey.FromPem(_server.ExportSubjectPublicKeyInfoPem()),
        new BunqSecret("installation-token-value"),
        new BunqSecret("sandbox_secret_api_key"),
        null);

    private sealed class CountingTransport : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            throw new HttpRequestException("no network in this test");
        }
    }
}
