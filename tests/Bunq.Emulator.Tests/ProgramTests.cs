using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Bunq.Emulator.Tests;

/// <summary>The executable as CI scripts and containers run it: signals, a taken port, its options.</summary>
public class ProgramTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signal_stops_it_cleanly_with_exit_code_zero(string signal)
    {
        using Process process = Start("--port", "0");
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.StartsWith("Bunq emulator listening on https://127.0.0.1:", line, StringComparison.Ordinal);

        using (Process kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        string error = await ExitAsync(process);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_a_non_zero_exit()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using Process process = Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string error = await ExitAsync(process);

        Assert.Equal(1, process.ExitCode);
        Assert.Equal($"Port {port} on 127.0.0.1 is already in use; choose another with --port N (0 picks a free one).", error.TrimEnd('\n'));
    }

    [Fact]
    public async Task A_damaged_state_file_is_one_line_without_the_secret_or_a_stack_and_a_non_zero_exit()
    {
        string directory = Directory.CreateTempSubdirectory("bunq-emulator-").FullName;
        try
        {
            // a device whose API key the file does not hold: the lookup's own exception would print the key
            string state = DataDirectoryErrorTests.Valid(devices: """[{"id": 3, "description": "d", "installation": 2, "api_key": "sandbox_0123456789secret", "ip": "127.0.0.1"}]""");
            File.WriteAllText(Path.Combine(directory, "state.json"), state);

            using Process process = Start("--port", "0", "--data-dir", directory);
            string error = await ExitAsync(process);

            Assert.Equal(1, process.ExitCode);
            string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"The emulator could not start: {Path.Combine(directory, "state.json")}: devices[0].api_key refers to an entry the file does not hold.", line, StringComparison.Ordinal);
            Assert.DoesNotContain("sandbox_", line, StringComparison.Ordinal);
            Assert.Equal(state, File.ReadAllText(Path.Combine(directory, "state.json")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Help_lists_every_option()
    {
        using Process process = Start("--help");
        string output = await process.StandardOutput.ReadToEndAsync();
        await ExitAsync(process);

        Assert.Equal(0, process.ExitCode);
        foreach (string option in new[] { "--port N", "--data-dir DIR", "--no-rate-limits", "--first-id N", "--no-inspector", "--help" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--first-id", "0")]
    [InlineData("--first-id", "x")]
    [InlineData("--data-dir")]
    [InlineData("--bogus")]
    public void A_malformed_option_is_refused(params string[] args)
    {
        Assert.Null(EmulatorCommandLine.Parse(args, out string? error));
        Assert.Contains("Usage: bunq-emulator --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_map_onto_the_emulator_options()
    {
        EmulatorCommandLine line = EmulatorCommandLine.Parse(["--port", "8443", "--no-rate-limits", "--first-id", "3000000000", "--data-dir", "somewhere", "--no-inspector"], out _)!;

        Assert.Equal(8443, line.Options.Port);
        Assert.False(line.Options.EnforceRateLimits);
        Assert.Equal(3_000_000_000, line.Options.FirstId);
        Assert.Equal(Path.GetFullPath("somewhere"), line.Options.DataDirectory);
        Assert.False(line.Options.Inspector);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are a Unix notion
    public async Task A_data_dir_left_open_to_others_is_made_owner_only_on_start()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bunq-emulator-" + Guid.NewGuid().ToString("N"));
        try
        {
            string[] kept = ["certificate-key.pem", "certificate.pem", "server-key.pem", "state.json"];
            var options = new BunqEmulatorOptions { DataDirectory = directory };
            await using (BunqEmulator first = await BunqEmulator.StartAsync(options))
            {
                using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
                using var client = new HttpClient(handler);
                using HttpResponseMessage created = await client.PostAsync(new Uri(first.BaseAddress, "sandbox-user-person"), null);
                Assert.True(created.IsSuccessStatusCode);
            }

            // as an older version, a copy or a restore may leave it: folder 0755, files 0644
            UnixFileMode open = (UnixFileMode)Convert.ToInt32("644", 8);
            File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32("755", 8));
            foreach (string file in kept)
            {
                File.SetUnixFileMode(Path.Combine(directory, file), open);
            }

            File.WriteAllText(Path.Combine(directory, "notes.txt"), "not the emulator's");
            File.SetUnixFileMode(Path.Combine(directory, "notes.txt"), open);

            await using (BunqEmulator second = await BunqEmulator.StartAsync(options))
            {
                Assert.NotNull(second.Pin);
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            foreach (string file in kept)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, file)));
            }

            Assert.Equal(open, File.GetUnixFileMode(Path.Combine(directory, "notes.txt"))); // not the emulator's: untouched
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are a Unix notion
    public async Task The_data_dir_is_owner_only_and_holds_the_certificate_clients_trust()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bunq-emulator-" + Guid.NewGuid().ToString("N"));
        try
        {
            using Process process = Start("--port", "0", "--data-dir", directory, "--first-id", "3000000000");
            string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            string baseAddress = line!.Split(' ')[4];

            // Trust the PEM the emulator wrote, as a client in another language would: by the certificate itself.
            using X509Certificate2 trusted = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, "certificate.pem")));
            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.RawData.AsSpan().SequenceEqual(trusted.RawData),
            };
            using var client = new HttpClient(handler);
            using HttpResponseMessage created = await client.PostAsync(baseAddress + "sandbox-user-person", null);
            Assert.True(created.IsSuccessStatusCode);
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
            await ExitAsync(process);
            Assert.Equal(0, process.ExitCode);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            string[] files = Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
            Assert.Equal(["certificate-key.pem", "certificate.pem", "server-key.pem", "state.json"], files);
            Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, f))));
            Assert.Contains("\"next_id\": 30000000", File.ReadAllText(Path.Combine(directory, "state.json")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // a folder where the state file goes stops its replacement on Unix
    public async Task An_unexpected_failure_is_written_to_stderr_with_its_exception()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bunq-emulator-" + Guid.NewGuid().ToString("N"));
        try
        {
            using Process process = Start("--port", "0", "--data-dir", directory);
            string[] line = (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)))!.Split(' ');
            using (WireClient client = await new WireClient(new Uri(line[4]), line[6]).ConnectAsync())
            {
                // The state file cannot be replaced: a folder stands where it goes (as InvariantTests does in process).
                File.Delete(Path.Combine(directory, "state.json"));
                Directory.CreateDirectory(Path.Combine(directory, "state.json"));
                WireResponse failed = await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account-bank", new System.Text.Json.Nodes.JsonObject { ["currency"] = "EUR" });
                Assert.Equal(500, failed.Status);
                Directory.Delete(Path.Combine(directory, "state.json"));
            }

            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
            string stderr = await ExitAsync(process);

            // Logged, not swallowed: the route, the status and the exception itself with where it was thrown.
            Assert.Contains("Unexpected error answering POST /v1/user/", stderr, StringComparison.Ordinal);
            Assert.Contains("monetary-account-bank; answered 500", stderr, StringComparison.Ordinal);
            Assert.Contains("System.IO.IOException", stderr, StringComparison.Ordinal);
            Assert.Contains("at Bunq.Emulator.", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Process Start(params string[] args) =>
        Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "bunq-emulator.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;

    /// <summary>Waits for the process (killing it after a minute so a hang fails instead of blocking) and returns its stderr.</summary>
    private static async Task<string> ExitAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The emulator did not exit within a minute.");
        }

        return await process.StandardError.ReadToEndAsync();
    }
}
