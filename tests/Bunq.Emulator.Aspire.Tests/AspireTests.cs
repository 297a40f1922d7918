using System.Data.Common;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bunq.Emulator.Aspire.Tests;

/// <summary>
/// <c>AddBunqEmulator("bunq")</c> in an app host model, and what a project that references it receives: the environment
/// Aspire would start it with, bound by the generated <c>AddBank(configuration.GetSection("Bunq"))</c> into a client that
/// talks to the emulator. The values are the ones Aspire resolves when it starts a resource; the app host itself is not
/// started (its orchestrator is a separate program), so nothing here depends on it.
/// </summary>
public sealed class AspireTests : IAsyncLifetime
{
    private DistributedApplication? _app;

    [Fact]
    public void The_emulator_is_a_resource_with_a_connection_string_of_its_endpoint_and_pin_and_is_never_deployed()
    {
        IDistributedApplicationBuilder builder = DistributedApplication.CreateBuilder();
        IResourceBuilder<BunqEmulatorResource> bunq = builder.AddBunqEmulator("bunq");

        Assert.Same(bunq.Resource, Assert.Single(builder.Resources.OfType<BunqEmulatorResource>()));
        Assert.Equal("bunq", bunq.Resource.Name);
        Assert.Equal("Endpoint={bunq.endpoint};Pin={bunq.pin}", bunq.Resource.ConnectionStringExpression.ValueExpression);
        Assert.Contains(bunq.Resource.Annotations.OfType<ManifestPublishingCallbackAnnotation>(), a => a.Callback is null);
    }

    [Fact]
    public async Task A_referencing_project_gets_the_bunq_section_and_the_generated_AddBank_connects_to_the_emulator()
    {
        IDistributedApplicationBuilder builder = DistributedApplication.CreateBuilder();
        IResourceBuilder<BunqEmulatorResource> bunq = builder.AddBunqEmulator("bunq", options => options.EnforceRateLimits = false);
        IResourceBuilder<ExecutableResource> app = builder.AddExecutable("app", "dotnet", ".").WithReference(bunq);
        _app = builder.Build();

        IReadOnlyDictionary<string, string> environment = await EnvironmentOf(app.Resource);

        BunqEmulator emulator = await bunq.Resource.GetEmulatorAsync();
        Assert.Equal(emulator.BaseAddress.ToString(), environment["Bunq__BaseAddress"]);
        Assert.Equal(emulator.Pin, environment["Bunq__CertificatePins__0"]);
        Assert.Equal($"Endpoint={emulator.BaseAddress};Pin={emulator.Pin}", environment["ConnectionStrings__bunq"]);

        // the referencing project: environment variables become configuration ("__" is ":"), the generated AddBank binds it
        var services = new ServiceCollection();
        services.AddBank(AsConfiguration(environment).GetSection("Bunq"));
        await using ServiceProvider provider = services.BuildServiceProvider();
        Bank bank = provider.GetRequiredService<Bank>();
        long userId = await bank.Connection.GetUserIdAsync();
        MonetaryAccountBank account = Assert.Single((await bank.MonetaryAccounts.ListAsync(userId)).Items);
        Assert.Equal("EUR", account.Balance.Currency);
        Assert.Contains(emulator.Requests, r => r.Path.EndsWith("/monetary-account-bank", StringComparison.Ordinal) && r.Signed && r.Status == 200);
    }

    [Fact]
    public async Task Each_referencing_project_gets_its_own_sandbox_user_and_a_section_of_its_choice()
    {
        IDistributedApplicationBuilder builder = DistributedApplication.CreateBuilder();
        IResourceBuilder<BunqEmulatorResource> bunq = builder.AddBunqEmulator("bunq");
        IResourceBuilder<ExecutableResource> personal = builder.AddExecutable("personal", "dotnet", ".").WithReference(bunq, section: "Bunq:Personal");
        IResourceBuilder<ExecutableResource> business = builder.AddExecutable("business", "dotnet", ".").WithReference(bunq, section: "Bunq:Business");
        IResourceBuilder<ExecutableResource> keyless = builder.AddExecutable("keyless", "dotnet", ".").WithReference(bunq, sandboxUser: false);
        _app = builder.Build();

        IReadOnlyDictionary<string, string> first = await EnvironmentOf(personal.Resource);
        IReadOnlyDictionary<string, string> second = await EnvironmentOf(business.Resource);
        IReadOnlyDictionary<string, string> third = await EnvironmentOf(keyless.Resource);

        Assert.NotEqual(first["Bunq__Personal__ApiKey"], second["Bunq__Business__ApiKey"]);
        Assert.Equal(first["Bunq__Personal__BaseAddress"], second["Bunq__Business__BaseAddress"]);
        Assert.DoesNotContain("Bunq__ApiKey", third.Keys);
        Assert.True(third.ContainsKey("Bunq__BaseAddress"));
    }

    [Fact]
    public async Task The_connection_string_alone_carries_what_a_client_needs()
    {
        IDistributedApplicationBuilder builder = DistributedApplication.CreateBuilder();
        IResourceBuilder<BunqEmulatorResource> bunq = builder.AddBunqEmulator("bunq", options => options.EnforceRateLimits = false);
        _app = builder.Build();

        string? connectionString = await ((IResourceWithConnectionString)bunq.Resource).GetConnectionStringAsync();

        var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
        BunqEmulator emulator = await bunq.Resource.GetEmulatorAsync();
        var options = new BunqOptions { BaseAddress = new Uri((string)parsed["Endpoint"]), ApiKey = emulator.CreateSandboxUser() };
        options.CertificatePins.Add((string)parsed["Pin"]);
        await using Bank bank = await Bank.ConnectAsync(options);
        Assert.Single((await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            foreach (BunqEmulatorResource emulator in _app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<BunqEmulatorResource>())
            {
                await emulator.DisposeAsync();
            }

            await _app.DisposeAsync();
        }
    }

    /// <summary>The environment variables Aspire starts <paramref name="resource"/> with (in run mode), resolved as it resolves them.</summary>
    private async Task<IReadOnlyDictionary<string, string>> EnvironmentOf(IResource resource)
    {
        IExecutionConfigurationResult configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(_app!.Services.GetRequiredService<DistributedApplicationExecutionContext>(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        Assert.Null(configuration.Exception);
        return configuration.EnvironmentVariables.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }

    private static IConfiguration AsConfiguration(IReadOnlyDictionary<string, string> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)))
            .Build();
}
