using System.Net;

namespace Bunq.Emulator.Tests;

/// <summary>
/// bunq's authentication doc: "You will not be able to switch from concrete IPs to a wildcard IP after you've created a
/// device-server." Callers on 127.0.0.2 are another machine to the emulator.
/// </summary>
public class IpAllowListTests
{
    private const string BadCredentials = "User credentials are incorrect. Incorrect API key or IP address.";
    private static readonly IPAddress OtherMachine = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task After_concrete_ips_a_wildcard_device_server_is_refused_from_any_ip()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient first = await new WireClient(bunq).ConnectAsync("127.0.0.1");

        foreach (IPAddress? from in new[] { null, OtherMachine })
        {
            using var later = new WireClient(bunq, from) { ApiKey = first.ApiKey };
            await later.InstallAsync();
            WireResponse refused = await later.RegisterDeviceAsync("*");
            Assert.Equal(400, refused.Status);
            Assert.Equal(BadCredentials, refused.Error);
        }

        // No wildcard crept in: the other machine can neither open a session nor use the first client's.
        using var outsider = new WireClient(bunq, OtherMachine) { ApiKey = first.ApiKey };
        await outsider.InstallAsync();
        Assert.Equal(400, (await outsider.OpenSessionAsync()).Status);
        WireResponse borrowed = await outsider.SendAsync(HttpMethod.Get, "user", token: first.SessionToken);
        Assert.Equal(400, borrowed.Status);
        Assert.Equal(BadCredentials, borrowed.Error);
        (await first.CallAsync(HttpMethod.Get, "user")).EnsureOk(); // the concrete registration is untouched
    }

    [Fact]
    public async Task A_first_registration_with_the_wildcard_allows_every_ip()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient first = await new WireClient(bunq).ConnectAsync("*");

        using WireClient elsewhere = await new WireClient(bunq, OtherMachine) { ApiKey = first.ApiKey }.ConnectAsync("*");

        (await elsewhere.CallAsync(HttpMethod.Get, "user")).EnsureOk();
    }

    [Fact]
    public async Task The_apps_allow_all_switch_is_the_other_way_to_every_ip()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient first = await new WireClient(bunq).ConnectAsync("127.0.0.1");

        bunq.AllowAllIpAddresses(first.ApiKey!);
        using WireClient elsewhere = await new WireClient(bunq, OtherMachine) { ApiKey = first.ApiKey }.ConnectAsync("*");

        (await elsewhere.CallAsync(HttpMethod.Get, "user")).EnsureOk();
        Assert.Throws<ArgumentException>(() => bunq.AllowAllIpAddresses("sandbox_unknown"));
    }
}
