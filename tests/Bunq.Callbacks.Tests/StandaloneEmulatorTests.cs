using System.Diagnostics;
using System.Text.Json;

namespace Bunq.Callbacks.Tests;

/// <summary>
/// The stand-alone emulator (bunq-emulator) delivers to a receiver started outside .NET — Python's http.server with ssl
/// — when given that receiver's certificate with --callback-ca.
/// </summary>
public class StandaloneEmulatorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_standalone_emulator_delivers_to_a_python_receiver_named_with_callback_ca()
    {
        string folder = Directory.CreateTempSubdirectory("bunq-callback-ca-").FullName;
        try
        {
            using var certificate = TestCertificate.Create("python receiver");
            string certificatePath = Path.Combine(folder, "receiver.pem"), keyPath = Path.Combine(folder, "receiver-key.pem");
            await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
            using (var key = System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPrivateKey(certificate)!)
            {
                await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
            }

            using Process python = Start("python3", [Path.Combine(AppContext.BaseDirectory, "receiver.py"), certificatePath, keyPath]);
            using Process emulator = Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "bunq-emulator.dll"), "--port", "0", "--no-rate-limits", "--callback-ca", certificatePath]);
            try
            {
                string listening = await LineAsync(python, "listening ");
                string line = await LineAsync(emulator, "Bunq emulator listening on ");
                string[] parts = line["Bunq emulator listening on ".Length..].Split(" pin ");
                var hook = new Uri($"https://127.0.0.1:{listening["listening ".Length..]}/hook");
                BunqOptions options = Sandbox.Options(new Uri(parts[0]), parts[1], apiKey: null);
                options.ApiKey = await BunqSandbox.CreateUserAsync(options);
                await using User user = await Sandbox.UserAsync(await Bank.ConnectAsync(options));
                await BunqNotificationFilters.SetAsync(user.Bank.Connection, [new BunqNotificationFilter("MUTATION", hook)]);

                await BunqSandbox.TopUpAsync(user.Bank.Connection, user.Account.Id, 9m);
                string callback = await LineAsync(python, "callback ");

                using JsonDocument body = JsonDocument.Parse(callback["callback ".Length..]);
                JsonElement notification = body.RootElement.GetProperty("NotificationUrl");
                Assert.Equal(("MUTATION", "MUTATION_RECEIVED", hook.AbsoluteUri), (notification.GetProperty("category").GetString(),
                    notification.GetProperty("event_type").GetString(), notification.GetProperty("target_url").GetString()));
                Assert.Equal("9.00", notification.GetProperty("object").GetProperty("Payment").GetProperty("amount").GetProperty("value").GetString());
            }
            finally
            {
                Stop(emulator);
                Stop(python);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_callback_ca_that_is_not_a_certificate_stops_the_emulator_with_one_line_and_exit_code_2()
    {
        string notACertificate = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(notACertificate, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
            using Process emulator = Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "bunq-emulator.dll"), "--callback-ca", notACertificate]);
            string error = await emulator.StandardError.ReadToEndAsync();
            await emulator.WaitForExitAsync().WaitAsync(Patience);

            Assert.Equal(2, emulator.ExitCode);
            Assert.Contains("--callback-ca", error, StringComparison.Ordinal);
            Assert.Contains("is not a readable certificate", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notACertificate);
        }
    }

    private static Process Start(string file, string[] args) =>
        Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;

    /// <summary>The next line of the process's output that starts with <paramref name="prefix"/>.</summary>
    private static async Task<string> LineAsync(Process process, string prefix)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"The process ended without a line starting '{prefix}': {await process.StandardError.ReadToEndAsync(timeout.Token)}");
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
