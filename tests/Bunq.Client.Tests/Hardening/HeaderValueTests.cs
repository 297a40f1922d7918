using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bunq.Client.Tests.Hardening;

/// <summary>Option values that become request headers cannot split a header or carry what a header cannot.</summary>
public sealed class HeaderValueTests : IDisposable
{
    private readonly HostileServer _server = new();

    public static TheoryData<string, string> Injections => new()
    {
        { nameof(BunqOptions.UserAgent), "evil\r\nX-Injected: yes" },
        { nameof(BunqOptions.UserAgent), "evil\nX-Injected: yes" },
        { nameof(BunqOptions.Language), "en_US\rX-Injected: yes" },
        { nameof(BunqOptions.Region), "nl_NL\tx" },
        { nameof(BunqOptions.Geolocation), "0 0 0 0 000\u0000" },
        { nameof(BunqOptions.Geolocation), "0 0 0 0 000\u007f" },
        { nameof(BunqOptions.UserAgent), "app\u0085next" }, // C1 NEL
        { nameof(BunqOptions.UserAgent), "café" }, // not ASCII: no agreed header encoding
        { nameof(BunqOptions.Language), "\u001b[31m" },
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task A_header_bound_option_with_a_control_or_non_ascii_character_is_refused_before_any_byte_is_sent(string option, string value)
    {
        BunqOptions options = HostileServer.Options();
        Set(options, option, value);

        var e = Assert.Throws<BunqConfigurationException>(() => _server.Invoker(options));

        Assert.Contains("BunqOptions." + option, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, e.Message, StringComparison.Ordinal); // named, never echoed
        Assert.Empty(_server.Requests);
        await Assert.ThrowsAsync<BunqConfigurationException>(() => BunqConnection.ConnectAsync(options, BunqEndpointManifest.Empty));
    }

    [Fact]
    public async Task Printable_ascii_values_reach_the_wire_as_set()
    {
        BunqOptions options = HostileServer.Options();
        options.UserAgent = "MyApp/1.0 (+https://example.test; ops@example.test) ~!";
        using HttpMessageInvoker invoker = _server.Invoker(options);

        (await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default)).Dispose();

        Assert.Equal(options.UserAgent, string.Join(" ", Assert.Single(_server.Requests).Headers.NonValidated["User-Agent"]));
    }

    [Fact]
    public async Task A_request_id_factory_producing_a_line_break_is_refused_before_sending()
    {
        BunqOptions options = HostileServer.Options();
        options.RequestIdFactory = () => "id\r\nX-Injected: yes";
        using HttpMessageInvoker invoker = _server.Invoker(options);

        var e = await Assert.ThrowsAsync<BunqConfigurationException>(() => invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://bunq.test/v1/user"), default));

        Assert.Contains("BunqOptions.RequestIdFactory", e.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Under_dependency_injection_ValidateOnStart_refuses_it_naming_the_option()
    {
        var services = new ServiceCollection();
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BaseAddress"] = "https://bunq.test/v1/",
            ["ApiKey"] = "sandbox_secret_key_value",
            ["UserAgent"] = "evil\r\nX-Injected: yes",
        }).Build();
        services.AddBunqClient("bank", configuration, BunqEndpointManifest.Empty);
        using ServiceProvider provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("BunqOptions.UserAgent (Bunq:UserAgent)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Injected", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox_secret_key_value", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _server.Dispose();

    private static void Set(BunqOptions options, string option, string value)
    {
        switch (option)
        {
            case nameof(BunqOptions.UserAgent): options.UserAgent = value; break;
            case nameof(BunqOptions.Language): options.Language = value; break;
            case nameof(BunqOptions.Region): options.Region = value; break;
            case nameof(BunqOptions.Geolocation): options.Geolocation = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(option));
        }
    }
}
