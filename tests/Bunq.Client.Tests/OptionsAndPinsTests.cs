namespace Bunq.Client.Tests;

public class OptionsAndPinsTests
{
    [Theory]
    [InlineData("http://api.bunq.com/v1/")]
    [InlineData("http://127.0.0.1:5000/v1/")]
    [InlineData("ftp://api.bunq.com/v1/")]
    public void A_non_https_base_address_is_refused(string url)
    {
        var options = new BunqOptions { BaseAddress = new Uri(url) };

        var e = Assert.Throws<BunqConfigurationException>(() => options.ResolveBaseAddress());
        Assert.Contains("HTTPS", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("  \t ")]
    [InlineData("\n")]
    public void A_white_space_api_key_is_a_configuration_error_without_the_value(string apiKey)
    {
        var e = Assert.Throws<BunqConfigurationException>(() => BunqSettings.Resolve(new BunqOptions { ApiKey = apiKey }));

        Assert.Contains("BunqOptions.ApiKey (Bunq:ApiKey) is only white space", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_to_loopback_needs_the_explicit_opt_in_and_stays_loopback_only()
    {
        Assert.Equal("http://127.0.0.1:5000/v1/",
            new BunqOptions { BaseAddress = new Uri("http://127.0.0.1:5000/v1"), AllowInsecureLoopback = true }.ResolveBaseAddress().ToString());
        Assert.Throws<BunqConfigurationException>(() =>
            new BunqOptions { BaseAddress = new Uri("http://example.com/v1/"), AllowInsecureLoopback = true }.ResolveBaseAddress());
    }

    [Fact]
    public void Environments_resolve_to_bunq_hosts_and_default_pins()
    {
        var production = new BunqOptions { Environment = BunqEnvironment.Production };
        var sandbox = new BunqOptions { Environment = BunqEnvironment.Sandbox };

        Assert.Equal("https://api.bunq.com/v1/", production.ResolveBaseAddress().ToString());
        Assert.Equal("https://public-api.sandbox.bunq.com/v1/", sandbox.ResolveBaseAddress().ToString());
        Assert.True(production.ResolvePins().Contains(BunqOptions.ProductionPin));
        Assert.True(sandbox.ResolvePins().Contains(BunqOptions.SandboxPin));
        Assert.True(new BunqOptions { BaseAddress = new Uri("https://localhost/v1/") }.ResolvePins().IsEmpty);
    }

    [Theory]
    [InlineData("nI/T/sDfioCBHB5mVppDPyLi2HXYanwk2arpZuHLOu0=")]
    [InlineData("sha1/nI/T/sDfioCBHB5mVppDPyLi2HXYanwk2arpZuHLOu0=")]
    [InlineData("sha256/not-base64")]
    [InlineData("sha256/AAAA")]
    [InlineData("")]
    public void A_malformed_pin_is_refused(string pin)
    {
        var options = new BunqOptions();
        options.CertificatePins.Add(pin);

        Assert.Throws<BunqConfigurationException>(() => options.ResolvePins());
    }

    [Fact]
    public void Several_pins_make_one_set_for_rotation()
    {
        BunqPinSet set = BunqPinSet.Parse(BunqOptions.ProductionPin, BunqOptions.SandboxPin, BunqOptions.ProductionPin);

        Assert.Equal(2, set.Pins.Count);
        Assert.True(set.Contains(BunqOptions.SandboxPin));
    }

    [Theory]
    [InlineData("POST", "https://api.bunq.com/v1/installation", "None")]
    [InlineData("GET", "https://api.bunq.com/v1/installation/5/server-public-key", "Installation")]
    [InlineData("POST", "https://api.bunq.com/v1/sandbox-user-person", "None")]
    [InlineData("POST", "https://api.bunq.com/v1/device-server", "Installation")]
    [InlineData("POST", "https://api.bunq.com/v1/session-server", "Installation")]
    [InlineData("DELETE", "https://api.bunq.com/v1/session/0", "Session")]
    [InlineData("GET", "https://api.bunq.com/v1/user/1/monetary-account-bank", "Session")]
    [InlineData("POST", "https://127.0.0.1:5000/v1/user/1/installation", "Session")]
    [InlineData("POST", "https://proxy.test/bunq/v1/installation", "None")]
    [InlineData("POST", "https://proxy.test/v1x/installation", "Session")]
    [InlineData("GET", "https://api.bunq.com/v1", "Session")]
    public void The_token_kind_of_a_call_without_a_manifest_entry_is_the_catalogues(string method, string url, string expected)
    {
        Assert.Equal(Enum.Parse<BunqAuthentication>(expected), BunqOperationFacts.Derive(new HttpMethod(method), new Uri(url).AbsolutePath, isTemplate: false, entry: null).Authentication);
    }

    [Fact]
    public void A_manifest_entry_carries_the_catalogues_facts_and_a_call_without_one_reads_its_table()
    {
        var upload = new Bunq.Generated.BunqEndpointEntry(typeof(IDisposable), "Upload", "POST", "/attachment-public", true) { RawRequestBody = true };
        var credential = new Bunq.Generated.BunqEndpointEntry(typeof(IDisposable), "Credential", "GET", "/payment-service-provider-credential/{id}", true) { TokenKind = "installation" };

        Assert.True(BunqOperationFacts.Derive(HttpMethod.Post, upload.RouteTemplate, isTemplate: true, upload).Binary);
        Assert.Equal(BunqAuthentication.Installation, BunqOperationFacts.Derive(HttpMethod.Get, credential.RouteTemplate, isTemplate: true, credential).Authentication);
        Assert.True(BunqOperationFacts.Derive(HttpMethod.Get, "/v1/user/7/monetary-account/8/customer-statement/9/content", isTemplate: false, entry: null).Binary);
        Assert.False(BunqOperationFacts.Derive(HttpMethod.Get, "/v1/user/7/monetary-account/8/customer-statement/9", isTemplate: false, entry: null).Binary);
    }
}
