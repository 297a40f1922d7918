using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bunq.Emulator.Aspire.Tests;

/// <summary>
/// A real app host (Aspire.Hosting.Testing, with Aspire's orchestrator DCP from its package) starts the emulator and a
/// process that references it; what the process received in its environment is a working bunq configuration.
/// </summary>
public sealed class OrchestratorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-aspire-").FullName;

    [Fact]
    public async Task The_app_host_starts_the_emulator_and_a_referencing_process_receives_a_working_configuration()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using IDistributedApplicationTestingBuilder builder = DistributedApplicationTestingBuilder.Create(new DistributedApplicationTestingBuilderOptions { EnableDashboard = false }, []);
        builder.Configuration["DcpPublisher:CliPath"] = Metadata("dcpclipath");
        builder.Configuration["DcpPublisher:DashboardPath"] = _dir; // asked for even with the dashboard off; never started
        IResourceBuilder<BunqEmulatorResource> bunq = builder.AddBunqEmulator("bunq", options => options.EnforceRateLimits = false);
        builder.AddExecutable("client", "/bin/sh", _dir, "-c",
                """printf '%s\n' "$Bunq__BaseAddress" "$Bunq__CertificatePins__0" "$Bunq__ApiKey" "$ConnectionStrings__bunq" > received.txt""")
            .WithReference(bunq);

        await using DistributedApplication app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        ResourceNotificationService notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        await notifications.WaitForResourceAsync("bunq", KnownResourceStates.Running, timeout.Token);
        ResourceEvent client = await notifications.WaitForResourceAsync("client", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        Assert.Equal(0, client.Snapshot.ExitCode);

        string[] received = File.ReadAllLines(Path.Combine(_dir, "received.txt"));
        BunqEmulator emulator = await bunq.Resource.GetEmulatorAsync(timeout.Token);
        Assert.Equal(emulator.BaseAddress.ToString(), received[0]);
        Assert.Equal($"Endpoint={emulator.BaseAddress};Pin={emulator.Pin}", received[3]);
        var options = new BunqOptions { BaseAddress = new Uri(received[0]), ApiKey = received[2] };
        options.CertificatePins.Add(received[1]);
        await using Bank bank = await Bank.ConnectAsync(options, timeout.Token);
        Assert.Single((await bank.MonetaryAccounts.ListAsync(bank.UserId, timeout.Token)).Items);

        await app.StopAsync(timeout.Token);
        await notifications.WaitForResourceAsync("bunq", KnownResourceStates.Finished, timeout.Token);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Where the build found the orchestrator in its package (the csproj records it, as the app host SDK does).</summary>
    private static string Metadata(string key) =>
        typeof(OrchestratorTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
