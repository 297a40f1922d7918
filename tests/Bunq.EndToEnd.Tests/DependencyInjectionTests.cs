using Bunq.Emulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Bunq.EndToEnd.Tests;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-di-").FullName;

    [Fact]
    public async Task Options_bind_from_configuration_and_the_client_works()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = await GeneratedClientTests.CreateSandboxUserAsync(bunq);
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bunq:BaseAddress"] = bunq.BaseAddress.ToString(),
            ["Bunq:CertificatePins:0"] = bunq.Pin,
            ["Bunq:ApiKey"] = apiKey,
            ["Bunq:DeviceDescription"] = "configured",
            ["Bunq:PermittedIps:0"] = "127.0.0.1",
            ["Bunq:ContextFile"] = Path.Combine(_dir, "context.json"),
            ["Bunq:ContextPassphrase"] = "a passphrase",
            ["Bunq:Language"] = "nl_NL",
            ["Bunq:MaxResponseBodyBytes"] = "1048576",
        }).Build();
        var services = new ServiceCollection();
        services.AddBank(configuration.GetSection("Bunq"));
        await using ServiceProvider provider = services.BuildServiceProvider();

        BunqOptions options = provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get("Bunq.EndToEnd.Tests.Bank");
        UserPerson user = (await provider.GetRequiredService<IUsers>().ListAsync()).Items.Single();

        Assert.Equal(bunq.BaseAddress, options.BaseAddress);
        Assert.Equal([bunq.Pin], options.CertificatePins);
        Assert.Equal("configured", options.DeviceDescription);
        Assert.Equal("nl_NL", options.Language);
        Assert.Equal(1_048_576, options.MaxResponseBodyBytes);
        Assert.True(user.Id > 0);
        Assert.True(File.Exists(Path.Combine(_dir, "context.json")));
        Assert.DoesNotContain(apiKey, await File.ReadAllTextAsync(Path.Combine(_dir, "context.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bunq:BaseAddress", "http://api.bunq.com/v1/", "HTTPS")]
    [InlineData("Bunq:CertificatePins:0", "md5/abc", "sha256/BASE64")]
    [InlineData("Bunq:ApiKey", "", "set ApiKey")]
    [InlineData("Bunq:MaxResponseBodyBytes", "0", "MaxResponseBodyBytes must be between 1")]
    public void Bad_options_fail_validation_at_start_with_the_reason(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["Bunq:Environment"] = "Sandbox", ["Bunq:ApiKey"] = "sandbox_x", [key] = value };
        var services = new ServiceCollection();
        services.AddBank(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Bunq"));
        using ServiceProvider provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox_x", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_library_logs_with_event_ids_and_never_a_secret()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = await GeneratedClientTests.CreateSandboxUserAsync(bunq);
        var collector = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(collector)));
        services.AddBank(options => GeneratedClientTests.Configure(options, bunq, apiKey));
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IUsers>().ListAsync();
        bunq.Faults.Inject(new BunqFault(BunqFaultKind.TamperBody));
        await Assert.ThrowsAsync<BunqSignatureException>(() => provider.GetRequiredService<IUsers>().ListAsync());

        var logs = collector.GetSnapshot();
        Assert.Contains(logs, l => l.Id.Id == 1002 && l.Category == "Bunq.Context");
        Assert.Contains(logs, l => l.Id.Id == 1003);
        Assert.Contains(logs, l => l.Id.Id == 2001 && l.Level == LogLevel.Debug);
        Assert.Contains(logs, l => l.Id.Id == 2004 && l.Level == LogLevel.Error);
        Assert.All(logs, l => Assert.DoesNotContain(apiKey, l.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_console_app_that_resolved_its_client_disposes_its_provider_with_using_var()
    {
        var services = new ServiceCollection();
        services.AddBank(options => { options.Environment = BunqEnvironment.Sandbox; options.ApiKey = "sandbox_x"; });
        Bank bank;
        BunqConnection connection;
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            // what a new user's console app does: resolve the client, use it, let `using var provider` end
            bank = provider.GetRequiredService<Bank>();
            connection = provider.GetRequiredService<BunqConnection>();
            Assert.NotNull(provider.GetRequiredService<IUsers>());
        }

        // Dispose (not DisposeAsync) used to throw "'Bank' type only implements IAsyncDisposable. Use DisposeAsync ...".
        Assert.Same(connection, bank.Connection);
        bank.Dispose(); // released already by the container: a second release is harmless
    }

    [Fact]
    public async Task The_same_registrations_dispose_asynchronously_too()
    {
        var services = new ServiceCollection();
        services.AddBank(options => { options.Environment = BunqEnvironment.Sandbox; options.ApiKey = "sandbox_x"; });
        ServiceProvider provider = services.BuildServiceProvider();
        Bank bank = provider.GetRequiredService<Bank>();
        _ = provider.GetRequiredService<BunqConnection>();

        await provider.DisposeAsync();

        await bank.DisposeAsync();
    }

    [Fact]
    public void A_second_client_adds_registrations_and_removes_none()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IUsers>(_ => throw new InvalidOperationException("the application's own")); // registered before any client
        services.AddPersonalBank(options => { options.Environment = BunqEnvironment.Sandbox; options.ApiKey = "sandbox_personal"; });
        List<ServiceDescriptor> before = [.. services];

        services.AddBusinessBank(options => { options.Environment = BunqEnvironment.Sandbox; options.ApiKey = "sandbox_business"; });

        Assert.All(before, descriptor => Assert.Contains(descriptor, services));
        Assert.True(services.Count > before.Count);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
