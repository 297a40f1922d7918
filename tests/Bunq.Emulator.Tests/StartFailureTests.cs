using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;

namespace Bunq.Emulator.Tests;

/// <summary>
/// A start that fails part-way (the port taken, a damaged data folder) is one typed error, and what it made is released
/// or left whole: the port is free again, the caller's certificate and the process's shared signing key still work, and
/// the data folder is as it was, so the next start on the same port and folder comes up as if the failed one never ran.
/// </summary>
public sealed class StartFailureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bunq-emulator-start-").FullName;

    private string StatePath => Path.Combine(_directory, "state.json");

    [Fact]
    public async Task A_taken_port_is_a_typed_error_naming_it_and_the_next_start_on_it_answers_signed()
    {
        int port = await FailOnTakenPortAsync(new BunqEmulatorOptions());

        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { Port = port });
        Assert.Equal(port, bunq.BaseAddress.Port);
        using WireClient client = await new WireClient(bunq).ConnectAsync(); // signed by the shared key the failed start also had
        Assert.NotNull(client.SessionToken);
    }

    [Fact]
    public async Task A_failed_start_leaves_the_callers_certificate_whole()
    {
        using X509Certificate2 certificate = EmulatorCertificate.Create(TimeProvider.System);

        int port = await FailOnTakenPortAsync(new BunqEmulatorOptions { Certificate = certificate });

        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { Port = port, Certificate = certificate });
        Assert.Equal(EmulatorCertificate.PinOf(certificate), bunq.Pin);
        using WireClient client = await new WireClient(bunq).ConnectAsync(); // TLS with the certificate's key
        Assert.NotNull(client.SessionToken);
    }

    [Fact]
    public async Task A_taken_port_with_a_data_folder_changes_nothing_in_it_and_the_next_start_has_its_identity_and_state()
    {
        (string pin, string serverKey, string apiKey) = await FirstRunAsync();
        Dictionary<string, byte[]> before = FolderSnapshot.Take(_directory);

        int port = await FailOnTakenPortAsync(new BunqEmulatorOptions { DataDirectory = _directory });

        FolderSnapshot.AssertUnchanged(_directory, before);
        await using BunqEmulator again = await BunqEmulator.StartAsync(new BunqEmulatorOptions { DataDirectory = _directory, Port = port });
        await AssertSameEmulatorAsync(again, pin, serverKey, apiKey);
    }

    [Fact]
    public async Task A_damaged_state_file_stops_the_start_naming_its_place_and_the_repaired_folder_starts()
    {
        (string pin, string serverKey, string apiKey) = await FirstRunAsync();
        string saved = File.ReadAllText(StatePath);
        File.WriteAllText(StatePath, saved.Replace("\"next_id\"", "\"next\"", StringComparison.Ordinal));
        Dictionary<string, byte[]> before = FolderSnapshot.Take(_directory);

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => BunqEmulator.StartAsync(new BunqEmulatorOptions { DataDirectory = _directory }));

        Assert.StartsWith(StatePath + ": next_id is missing.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(apiKey, error.Message, StringComparison.Ordinal);
        FolderSnapshot.AssertUnchanged(_directory, before);
        File.WriteAllText(StatePath, saved);
        await using BunqEmulator again = await BunqEmulator.StartAsync(new BunqEmulatorOptions { DataDirectory = _directory });
        await AssertSameEmulatorAsync(again, pin, serverKey, apiKey);
    }

    [Fact]
    public async Task A_second_dispose_does_nothing_and_the_next_start_on_the_port_and_folder_comes_up()
    {
        (string pin, string serverKey, string apiKey) = await FirstRunAsync();
        BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { DataDirectory = _directory });
        int port = bunq.BaseAddress.Port;

        await bunq.DisposeAsync();
        await bunq.DisposeAsync(); // an explicit dispose and then an await using's: the host is not stopped twice, nothing throws

        await using BunqEmulator again = await BunqEmulator.StartAsync(new BunqEmulatorOptions { DataDirectory = _directory, Port = port });
        await AssertSameEmulatorAsync(again, pin, serverKey, apiKey);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Starts on a port a listener holds: Kestrel's bind error, typed, naming the address; returns the port, free again.</summary>
    private static async Task<int> FailOnTakenPortAsync(BunqEmulatorOptions options)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        options.Port = ((IPEndPoint)taken.LocalEndpoint).Port;

        IOException error = await Assert.ThrowsAsync<IOException>(() => BunqEmulator.StartAsync(options));

        Assert.IsType<AddressInUseException>(error.InnerException);
        Assert.Contains($"127.0.0.1:{options.Port}", error.Message, StringComparison.Ordinal);
        return options.Port;
    }

    /// <summary>A start on the data folder that makes its identity and saves a user with a device.</summary>
    private async Task<(string Pin, string ServerKey, string ApiKey)> FirstRunAsync()
    {
        await using BunqEmulator first = await BunqEmulator.StartAsync(new BunqEmulatorOptions { DataDirectory = _directory });
        using WireClient client = await new WireClient(first).ConnectAsync();
        return (first.Pin, first.ServerPublicKeyPem, client.ApiKey!);
    }

    private static async Task AssertSameEmulatorAsync(BunqEmulator again, string pin, string serverKey, string apiKey)
    {
        Assert.Equal(pin, again.Pin);
        Assert.Equal(serverKey, again.ServerPublicKeyPem);
        using WireClient client = await new WireClient(again) { ApiKey = apiKey }.ConnectAsync(); // the saved user's key still opens a session
        Assert.NotNull(client.SessionToken);
    }
}
