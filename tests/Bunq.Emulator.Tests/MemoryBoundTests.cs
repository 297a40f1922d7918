namespace Bunq.Emulator.Tests;

/// <summary>What the emulator keeps per request stays within its stated bounds (README, "Memory over a long run").</summary>
public class MemoryBoundTests
{
    [Fact]
    public void A_ring_keeps_the_newest_items_in_order_and_counts_what_it_dropped()
    {
        var ring = new RingLog<int>(3);
        for (int i = 1; i <= 7; i++)
        {
            ring.Add(i);
        }

        Assert.Equal([5, 6, 7], ring.ToArray());
        Assert.Equal([6, 7], ring.Newest(2));
        Assert.Equal(4, ring.Dropped);
        Assert.Equal(3, ring.Count);
    }

    [Fact]
    public void Request_ids_are_refused_while_remembered_and_forgotten_beyond_the_capacity()
    {
        var ids = new RecentIds(2);

        Assert.True(ids.Add("a"));
        Assert.False(ids.Add("a"));
        Assert.True(ids.Add("b"));
        Assert.True(ids.Add("c")); // "a" is forgotten now
        Assert.False(ids.Add("b"));
        Assert.Equal(2, ids.Count);
        Assert.True(ids.Add("a"));
    }

    [Fact]
    public async Task The_request_log_keeps_the_newest_requests_up_to_its_capacity()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, RequestLogCapacity = 4 });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        for (int i = 0; i < 5; i++)
        {
            (await client.CallAsync(HttpMethod.Get, "user")).EnsureOk();
        }

        (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/monetary-account-bank")).EnsureOk();

        Assert.Equal(4, bunq.Requests.Count);
        Assert.Equal(["/v1/user", "/v1/user", "/v1/user", $"/v1/user/{client.UserId}/monetary-account-bank"], bunq.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_capacity_below_one_is_refused_at_start()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => BunqEmulator.StartAsync(new BunqEmulatorOptions { RequestLogCapacity = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => BunqEmulator.StartAsync(new BunqEmulatorOptions { RequestIdCapacity = 0 }));
    }
}
