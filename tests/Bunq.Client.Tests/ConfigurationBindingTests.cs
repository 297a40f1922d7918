using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Bunq.Client.Tests;

/// <summary>Every key README lists under Configuration binds from a configuration section, one test per key.</summary>
public sealed class ConfigurationBindingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-config-").FullName;

    [Theory]
    [InlineData("Environment", "Production")]
    [InlineData("BaseAddress", "https://127.0.0.1:4443/v1/")]
    [InlineData("CertificatePins:0", "sha256/nI/T/sDfioCBHB5mVppDPyLi2HXYanwk2arpZuHLOu0=")]
    [InlineData("ApiKey", "sandbox_configured")]
    [InlineData("DeviceDescription", "configured device")]
    [InlineData("PermittedIps:0", "192.0.2.1")]
    [InlineData("Language", "nl_NL")]
    [InlineData("Region", "en_US")]
    [InlineData("Geolocation", "4.89 52.37 12 100 NL")]
    [InlineData("UserAgent", "my-app/1.0")]
    [InlineData("AllowInsecureLoopback", "true")]
    [InlineData("MaxResponseBodyBytes", "1048576")]
    [InlineData("LocalAddress", "127.0.0.2")]
    public void A_plain_key_binds(string key, string value)
    {
        BunqOptions options = Bind((key, value));

        string bound = key switch
        {
            "Environment" => options.Environment.ToString(),
            "BaseAddress" => options.BaseAddress!.ToString(),
            "CertificatePins:0" => options.CertificatePins.Single(),
            "ApiKey" => options.ApiKey!,
            "DeviceDescription" => options.DeviceDescription,
            "PermittedIps:0" => options.PermittedIps.Single(),
            "Language" => options.Language,
            "Region" => options.Region,
            "Geolocation" => options.Geolocation,
            "UserAgent" => options.UserAgent,
            "AllowInsecureLoopback" => options.AllowInsecureLoopback ? "true" : "false",
            "MaxResponseBodyBytes" => options.MaxResponseBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "LocalAddress" => options.LocalAddress!.ToString(),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
        Assert.Equal(value, bound);
    }

    [Fact]
    public void ContextFile_and_ContextPassphrase_make_a_file_store()
    {
        BunqOptions options = Bind(("ContextFile", Path.Combine(_dir, "context.json")), ("ContextPassphrase", "a passphrase"));

        Assert.NotNull(options.ContextStore);
        Assert.Equal("BunqContextFile", options.ContextStore!.GetType().Name);
    }

    [Fact]
    public void A_LocalAddress_that_is_not_an_ip_is_a_configuration_error()
    {
        var e = Assert.Throws<BunqConfigurationException>(() => Bind(("LocalAddress", "eth0")));
        Assert.Contains("Bunq:LocalAddress 'eth0'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrustedRoots_loads_the_certificates_of_pem_files()
    {
        using RSA key = RSA.Create(2048);
        using X509Certificate2 root = new CertificateRequest("CN=Private Bank Root", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string file = Path.Combine(_dir, "root.pem");
        File.WriteAllText(file, root.ExportCertificatePem());

        BunqOptions options = Bind(("TrustedRoots:0", file));

        Assert.Equal(root.Thumbprint, Assert.Single(options.TrustedRoots!).Thumbprint);
        Assert.Throws<BunqConfigurationException>(() => Bind(("TrustedRoots:0", Path.Combine(_dir, "missing.pem"))));
    }

    [Fact]
    public void RateLimits_bind_and_keep_the_defaults_of_keys_not_named()
    {
        BunqOptions options = Bind(
            ("RateLimits:Margin", "00:00:00.250"),
            ("RateLimits:QueueLimit", "50"),
            ("RateLimits:PerMethod:GET:Permits", "2"),
            ("RateLimits:PerMethod:GET:Window", "00:00:05"),
            ("RateLimits:PerEndpoint:POST /user/{}/monetary-account/{}/payment:Permits", "1"),
            ("RateLimits:PerEndpoint:POST /user/{}/monetary-account/{}/payment:Window", "00:00:10"));

        Assert.True(options.RateLimits.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.RateLimits.Margin);
        Assert.Equal(50, options.RateLimits.QueueLimit);
        Assert.Equal(new BunqRateLimit(2, TimeSpan.FromSeconds(5)), options.RateLimits.PerMethod["GET"]);
        Assert.Equal(new BunqRateLimit(5, TimeSpan.FromSeconds(3)), options.RateLimits.PerMethod["POST"]); // default kept
        Assert.Equal(new BunqRateLimit(1, TimeSpan.FromSeconds(10)), options.RateLimits.For("POST", "/user/{}/monetary-account/{}/payment"));
        Assert.Equal(new BunqRateLimit(1, TimeSpan.FromSeconds(30)), options.RateLimits.PerEndpoint["POST /session-server"]);
        Assert.False(Bind(("RateLimits:Enabled", "false")).RateLimits.Enabled);
    }

    [Fact]
    public void A_rate_limit_without_a_window_is_a_configuration_error() =>
        Assert.Throws<BunqConfigurationException>(() => Bind(("RateLimits:PerMethod:GET:Permits", "2")));

    [Fact]
    public void Retry_binds_and_keeps_the_defaults_of_keys_not_named()
    {
        BunqOptions options = Bind(("Retry:MaxRetryAttempts", "1"), ("Retry:AttemptTimeout", "00:00:20"));

        Assert.Equal(1, options.Retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Retry.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Retry.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Retry.RateLimitDelay);
        Assert.Equal(TimeSpan.FromSeconds(2), Bind(("Retry:BaseDelay", "00:00:02")).Retry.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(4), Bind(("Retry:RateLimitDelay", "00:00:04")).Retry.RateLimitDelay);
        Assert.Throws<BunqConfigurationException>(() => Bind(("Retry:AttemptTimeout", "-00:00:01")));
        Assert.Equal(TimeSpan.FromMinutes(2), options.Retry.TotalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), Bind(("Retry:TotalTimeout", "00:00:45")).Retry.TotalTimeout);
        Assert.Throws<BunqConfigurationException>(() => Bind(("Retry:TotalTimeout", "00:00:00")));
    }

    [Theory]
    [InlineData("MaxResponseBodyBytes", "abc", "a whole number")]
    [InlineData("Environment", "Staging", "Production or Sandbox")]
    [InlineData("Retry:BaseDelay", "soon", "a time span")]
    [InlineData("AllowInsecureLoopback", "yes please", "true or false")]
    [InlineData("RateLimits:PerMethod:GET:Permits", "many", "a whole number")]
    public void A_malformed_value_is_a_configuration_error_naming_the_key_not_the_value(string key, string value, string expected)
    {
        var e = Assert.Throws<BunqConfigurationException>(() => Bind((key, value)));

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, e.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static BunqOptions Bind(params (string Key, string Value)[] values)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var options = new BunqOptions();
        BunqConfigurationSection.Apply(configuration, options);
        return options;
    }
}
