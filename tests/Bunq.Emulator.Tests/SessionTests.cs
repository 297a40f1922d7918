using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Bunq.Emulator.Tests;

/// <summary>
/// bunq's authentication doc: "If a request is made 30 minutes before a session expires, the session will automatically
/// be extended." Raw signed calls on the emulator's fake clock.
/// </summary>
public class SessionTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-01T08:00:00Z", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_session_in_steady_use_outlives_its_timeout_and_an_idle_one_expires()
    {
        var time = new FakeTimeProvider(Start);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { TimeProvider = time, EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        await SetTimeoutAsync(client, 600);
        (await client.OpenSessionAsync()).EnsureOk();
        string token = client.SessionToken!;

        for (int minute = 1; minute <= 30; minute++) // once a minute for 3 × the 10-minute timeout
        {
            time.Advance(TimeSpan.FromMinutes(1));
            (await client.CallAsync(HttpMethod.Get, "user")).EnsureOk();
        }

        Assert.Equal(token, client.SessionToken);
        time.Advance(TimeSpan.FromSeconds(599));
        (await client.CallAsync(HttpMethod.Get, "user")).EnsureOk(); // the last call moved expiry to its time + 600 s
        time.Advance(TimeSpan.FromSeconds(600));
        Assert.Equal(401, (await client.CallAsync(HttpMethod.Get, "user")).Status); // idle for a whole timeout
    }

    [Fact]
    public async Task Only_a_request_inside_the_last_thirty_minutes_extends_the_session()
    {
        var time = new FakeTimeProvider(Start);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { TimeProvider = time, EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        await SetTimeoutAsync(client, 7200);

        (await client.OpenSessionAsync()).EnsureOk(); // expires at +2 h
        time.Advance(TimeSpan.FromMinutes(89)); // 31 minutes left: outside the window, no extension
        (await client.CallAsync(HttpMethod.Get, "user")).EnsureOk();
        time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(401, (await client.CallAsync(HttpMethod.Get, "user")).Status);

        (await client.OpenSessionAsync()).EnsureOk(); // expires at +2 h
        time.Advance(TimeSpan.FromMinutes(90)); // 30 minutes left: inside the window, expiry moves to now + 2 h
        (await client.CallAsync(HttpMethod.Get, "user")).EnsureOk();
        time.Advance(TimeSpan.FromMinutes(119));
        (await client.CallAsync(HttpMethod.Get, "user")).EnsureOk();
        time.Advance(TimeSpan.FromMinutes(120));
        Assert.Equal(401, (await client.CallAsync(HttpMethod.Get, "user")).Status);
    }

    [Fact]
    public async Task A_refused_request_does_not_keep_the_session_alive()
    {
        var time = new FakeTimeProvider(Start);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { TimeProvider = time, EnforceRateLimits = false, SessionTimeoutSeconds = 60 });
        using WireClient client = await new WireClient(bunq).ConnectAsync();

        time.Advance(TimeSpan.FromSeconds(50));
        WireResponse unsigned = await client.SendAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account/1/payment", new JsonObject(), client.SessionToken, sign: false);
        Assert.Equal(466, unsigned.Status);
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(401, (await client.CallAsync(HttpMethod.Get, "user")).Status);
    }

    [Fact]
    public async Task The_session_timeout_set_through_user_person_applies_to_sessions_opened_afterwards()
    {
        var time = new FakeTimeProvider(Start);
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { TimeProvider = time, EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        Assert.Equal(604_800, (await client.CallAsync(HttpMethod.Get, $"user-person/{client.UserId}")).Item("UserPerson")["session_timeout"]!.GetValue<long>());

        await SetTimeoutAsync(client, 1);
        Assert.Equal(1, (await client.CallAsync(HttpMethod.Get, $"user-person/{client.UserId}")).Item("UserPerson")["session_timeout"]!.GetValue<long>());
        time.Advance(TimeSpan.FromDays(6)); // the open session keeps the week it was opened with
        (await client.CallAsync(HttpMethod.Get, "user")).EnsureOk();

        (await client.OpenSessionAsync()).EnsureOk();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(401, (await client.CallAsync(HttpMethod.Get, "user")).Status);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("\"600\"")]
    [InlineData("1.5")]
    [InlineData("null")]
    public async Task A_session_timeout_that_is_not_a_whole_number_of_seconds_from_one_up_is_refused(string json)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();

        WireResponse refused = await client.CallAsync(HttpMethod.Put, $"user-person/{client.UserId}", JsonNode.Parse($"{{\"session_timeout\":{json}}}"));

        Assert.Equal(400, refused.Status);
        Assert.Contains("session_timeout", refused.Error, StringComparison.Ordinal);
        Assert.Equal(604_800, (await client.CallAsync(HttpMethod.Get, $"user-person/{client.UserId}")).Item("UserPerson")["session_timeout"]!.GetValue<long>());
    }

    private static async Task SetTimeoutAsync(WireClient client, long seconds) =>
        Assert.Equal(client.UserId, (await client.CallAsync(HttpMethod.Put, $"user-person/{client.UserId}", new JsonObject { ["session_timeout"] = seconds })).Item("Id")["id"]!.GetValue<long>());
}
