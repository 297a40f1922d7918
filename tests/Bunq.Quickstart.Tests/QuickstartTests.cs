using System.Diagnostics;
using System.Text;
using Bunq.Emulator;

namespace Bunq.Quickstart.Tests;

/// <summary>The quickstart as a user runs it: its own process, a fresh folder.</summary>
public sealed class QuickstartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-quickstart-").FullName;

    [Fact]
    public async Task Runs_green_twice_and_the_second_run_reuses_the_saved_context()
    {
        Result first = await RunAsync();
        Result second = await RunAsync();

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("Context calls this run: 6", first.Output, StringComparison.Ordinal);
        Assert.Contains("Payments of Main account, page 1", first.Output, StringComparison.Ordinal);
        Assert.Contains("Attached receipt", first.Output, StringComparison.Ordinal);
        Assert.Contains("\"Date\",\"Interest Date\",\"Amount\"", first.Output, StringComparison.Ordinal); // the statement's CSV header
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("Reusing the saved API context", second.Output, StringComparison.Ordinal);
        Assert.Contains("Context calls this run: 0", second.Output, StringComparison.Ordinal);
        Assert.Contains("page 2", second.Output, StringComparison.Ordinal); // five payments by now, three per page
        string context = Directory.GetFiles(Path.Combine(_dir, ".bunq-quickstart"), "context-*.json").Single();
        Assert.DoesNotContain("sandbox_", await File.ReadAllTextAsync(context), StringComparison.Ordinal);
        AssertKeyInApplicationDataAndDataFolderOwnerOnly();
    }

    [Fact]
    public async Task A_context_whose_key_is_missing_exits_6_naming_the_key_and_creates_nothing()
    {
        Result first = await RunAsync();
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        string key = Path.Combine(ApplicationData, "Bunq.Generators", "context-protection.key");
        string context = Directory.GetFiles(Path.Combine(_dir, ".bunq-quickstart"), "context-*.json").Single();
        byte[] saved = await File.ReadAllBytesAsync(context);
        // the layout of an older quickstart: the key beside the context
        File.Move(key, Path.Combine(_dir, ".bunq-quickstart", "context-protection.key"));

        Result second = await RunAsync();

        Assert.Equal(6, second.ExitCode);
        string error = Assert.Single(second.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"protection key missing at '{key}'", error, StringComparison.Ordinal);
        Assert.Contains("An older quickstart kept the protection key beside the context", second.Output.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.False(File.Exists(key)); // no new key made silently
        Assert.Equal(saved, await File.ReadAllBytesAsync(context));
    }

    [Fact]
    public async Task Help_in_either_spelling_prints_the_usage_and_exits_0()
    {
        foreach (string[] arguments in new[] { new[] { "--help" }, ["-h"], ["--sandbox", "-h"], ["--base-url", "https://127.0.0.1:1/v1/", "--help"] })
        {
            Result run = await RunAsync(arguments);

            Assert.True(run.ExitCode == 0, string.Join(' ', arguments) + ": " + run.Error);
            Assert.StartsWith("Usage:", run.Output, StringComparison.Ordinal);
            Assert.Contains("-h, --help", run.Output, StringComparison.Ordinal);
            Assert.Equal(string.Empty, run.Error);
        }

        Assert.False(Directory.Exists(Path.Combine(_dir, ".bunq-quickstart"))); // help does nothing else
    }

    [Theory]
    [InlineData(BunqFaultKind.DropSignature, "no X-Bunq-Server-Signature")]
    [InlineData(BunqFaultKind.TamperBody, "does not match its body")]
    public async Task A_server_breaking_the_protocol_ends_the_run_non_zero_with_one_line_naming_the_cause(BunqFaultKind fault, string cause)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = bunq.CreateSandboxUser();
        // the first signed answer is device-server's (installation's cannot be verified: there is no server key yet)
        bunq.Faults.Inject(new BunqFault(fault, PathContains: "/device-server"));

        Result run = await RunAsync("--base-url", bunq.BaseAddress.ToString(), "--pin", bunq.Pin, "--api-key", apiKey);

        Assert.Equal(3, run.ExitCode);
        string error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: protocol violation:", error, StringComparison.Ordinal);
        Assert.Contains(cause, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_runs_green_with_the_api_key_from_BUNQ_API_KEY_and_makes_no_sandbox_user()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = bunq.CreateSandboxUser();

        Result run = await RunAsync([("BUNQ_API_KEY", apiKey)], "--base-url", bunq.BaseAddress.ToString(), "--pin", bunq.Pin);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.DoesNotContain("Created a sandbox user", run.Output, StringComparison.Ordinal); // the key from the environment was used
        Assert.Contains("Connected as user", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbled_unverifiable_answer_still_ends_with_one_line_not_a_crash()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = bunq.CreateSandboxUser();
        // installation's answer cannot be verified (no server key yet): garble it beyond JSON
        bunq.Faults.Inject(new BunqFault(BunqFaultKind.TruncateBody, PathContains: "/installation"));

        Result run = await RunAsync("--base-url", bunq.BaseAddress.ToString(), "--pin", bunq.Pin, "--api-key", apiKey);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_pin_ends_the_run_before_anything_is_sent()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync();

        Result run = await RunAsync("--base-url", bunq.BaseAddress.ToString(), "--pin", "sha256/" + Convert.ToBase64String(new byte[32]), "--api-key", "sandbox_x");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("certificate refused", run.Error, StringComparison.Ordinal);
        Assert.Empty(bunq.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_a_network_error_and_exits_7()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        } // closed again: nothing listens there now

        Result run = await RunAsync("--base-url", $"https://127.0.0.1:{port}/v1/", "--pin", "sha256/" + Convert.ToBase64String(new byte[32]), "--api-key", "sandbox_x");

        Assert.True(run.ExitCode == 7, run.Output + run.Error);
        string error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: network: bunq call POST /installation to 127.0.0.1 failed: the connection was refused.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_print_the_usage_and_exit_2()
    {
        Result run = await RunAsync("--base-url", "https://127.0.0.1:1/v1/");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--pin", run.Error, StringComparison.Ordinal);
        Assert.Contains("Usage", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_oauth_walk_through_reaches_the_granting_users_accounts_and_is_in_the_help()
    {
        Result run = await RunAsync("--oauth");
        Result help = await RunAsync("--help");
        Result mixed = await RunAsync("--oauth", "--sandbox", "--api-key", "sandbox_x");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("Connected as UserApiKey", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"│ \d+ +│ Main account +│ NL\d{2}BUNQ\d{10}", run.Output); // the granting user's account row
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--oauth", help.Output, StringComparison.Ordinal);
        Assert.Equal(2, mixed.ExitCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// The protection key is the library's default, in the user's application-data folder (here XDG_CONFIG_HOME, set for
    /// the child process), never beside the context; everything in the data folder is owner-only.
    /// </summary>
    private void AssertKeyInApplicationDataAndDataFolderOwnerOnly()
    {
        string data = Path.Combine(_dir, ".bunq-quickstart");
        string key = Path.Combine(ApplicationData, "Bunq.Generators", "context-protection.key");
        Assert.True(File.Exists(key), key);
        Assert.Empty(Directory.GetFiles(data, "*.key", SearchOption.AllDirectories));
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        foreach (string folder in Directory.GetDirectories(data, "*", SearchOption.AllDirectories).Append(data))
        {
            Assert.True(File.GetUnixFileMode(folder) == (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), $"{folder}: {File.GetUnixFileMode(folder)}");
        }

        foreach (string file in Directory.GetFiles(data, "*", SearchOption.AllDirectories))
        {
            Assert.True(File.GetUnixFileMode(file) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{file}: {File.GetUnixFileMode(file)}");
        }
    }

    private string ApplicationData => Path.Combine(_dir, "application-data");

    private Task<Result> RunAsync(params string[] arguments) => RunAsync([], arguments);

    private async Task<Result> RunAsync((string Name, string Value)[] environment, params string[] arguments)
    {
        string dll = Path.Combine(AppContext.BaseDirectory.Replace(Path.Combine("tests", "Bunq.Quickstart.Tests"), Path.Combine("samples", "Bunq.Quickstart"), StringComparison.Ordinal), "Bunq.Quickstart.dll");
        Assert.True(File.Exists(dll), dll);
        var info = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The library's default key folder (Environment.SpecialFolder.ApplicationData) inside this test's folder, not the user's.
        info.Environment["XDG_CONFIG_HOME"] = ApplicationData;
        info.Environment.Remove("BUNQ_API_KEY"); // a developer's own key never reaches these runs
        foreach ((string name, string value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    private sealed record Result(int ExitCode, string Output, string Error);
}
