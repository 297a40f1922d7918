using System.Net;
using Bunq.Emulator;

namespace Bunq.EndToEnd.Tests;

/// <summary>Stored contexts, OAuth, the IP allow-list and the sandbox helpers, against the emulator over TLS.</summary>
public sealed class ContextLifecycleTests : IDisposable
{
    private static readonly string[] ContextCalls = ["/v1/installation", "/v1/device-server", "/v1/session-server"];
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-context-").FullName;

    [Fact]
    public async Task A_stored_context_is_reused_with_zero_context_calls()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        BunqOptions first = Options(bunq, await BunqSandbox.CreateUserAsync(Options(bunq, null)));
        await using (Bank bank = await Bank.ConnectAsync(first))
        {
            Assert.Single((await bank.Users.ListAsync()).Items);
        }

        int before = bunq.Requests.Count(r => ContextCalls.Contains(r.Path));
        BunqOptions second = Options(bunq, apiKey: null); // no API key needed: everything is in the store
        await using (Bank bank = await Bank.ConnectAsync(second))
        {
            Assert.Single((await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items);
        }

        Assert.Equal(3, before);
        Assert.Equal(3, bunq.Requests.Count(r => ContextCalls.Contains(r.Path)));
    }

    [Fact]
    public async Task A_stored_context_for_another_address_is_refused_not_replaced()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        await using BunqEmulator other = await BunqEmulator.StartAsync(Fast);
        await using (await Bank.ConnectAsync(Options(bunq, await BunqSandbox.CreateUserAsync(Options(bunq, null))))) { }
        byte[] stored = await File.ReadAllBytesAsync(ContextPath);

        var e = await Assert.ThrowsAsync<BunqContextStoreException>(() => Bank.ConnectAsync(Options(other, "sandbox_x")));

        Assert.Contains(bunq.BaseAddress.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Equal(stored, await File.ReadAllBytesAsync(ContextPath));
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task An_oauth_access_token_makes_a_user_api_key_context()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        string granting = await BunqSandbox.CreateUserAsync(Options(bunq, null));
        string accessToken = bunq.CreateOAuthAccessToken(granting);

        await using Bank bank = await Bank.ConnectAsync(Options(bunq, accessToken));
        BunqList<MonetaryAccountBank> accounts = await bank.MonetaryAccounts.ListAsync(bank.UserId);

        await using Bank owner = await Bank.ConnectAsync(GeneratedClientTests.Options(bunq, granting));
        BunqList<MonetaryAccountBank> ownAccounts = await owner.MonetaryAccounts.ListAsync(owner.UserId);

        Assert.NotEqual(owner.UserId, bank.UserId); // {userId} is the UserApiKey's id, not the granting user's
        Assert.Equal(ownAccounts.Items.Single().Id, accounts.Items.Single().Id); // yet it reaches the granting user's account
        Assert.True(bank.Connection.Context!.Session!.ExpiresAt > DateTimeOffset.UtcNow.AddDays(6)); // requested_by_user's timeout
    }

    [Fact]
    public async Task An_ip_added_later_can_then_be_used_and_a_deactivated_one_cannot()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        BunqOptions home = Options(bunq, await BunqSandbox.CreateUserAsync(Options(bunq, null)));
        home.PermittedIps.Add("127.0.0.1");
        await using Bank bank = await Bank.ConnectAsync(home);

        BunqOptions away = Options(bunq, apiKey: null);
        away.LocalAddress = IPAddress.Parse("127.0.0.2");
        await using Bank fromAway = await Bank.ConnectAsync(away); // restores the stored context: no call yet
        var refused = await Assert.ThrowsAsync<BunqApiException>(() => fromAway.Users.ListAsync());
        Assert.True(refused.IsCredentialOrIpRefused);
        Assert.Contains("IpAllowList", refused.Message, StringComparison.Ordinal);

        long ipId = await bank.Connection.IpAllowList.AddAsync("127.0.0.2");
        Assert.Single((await fromAway.Users.ListAsync()).Items);
        Assert.Equal("127.0.0.2", bunq.Requests[^1].Ip);
        Assert.Contains(await bank.Connection.IpAllowList.ListAsync(), ip => ip.Ip == "127.0.0.2" && ip.Status == "ACTIVE");

        await bank.Connection.IpAllowList.DeactivateAsync(ipId);
        Assert.True((await Assert.ThrowsAsync<BunqApiException>(() => fromAway.Users.ListAsync())).IsCredentialOrIpRefused);
    }

    [Fact]
    public async Task The_wildcard_allows_any_ip_only_when_asked_for()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        BunqOptions options = Options(bunq, await BunqSandbox.CreateUserAsync(Options(bunq, null)));
        options.PermittedIps.Add("*");
        await using (await Bank.ConnectAsync(options)) { }
        BunqOptions away = Options(bunq, apiKey: null);
        away.LocalAddress = IPAddress.Parse("127.0.0.3");

        await using Bank fromAway = await Bank.ConnectAsync(away);

        Assert.Single((await fromAway.Users.ListAsync()).Items);
    }

    [Fact]
    public async Task Sandbox_top_up_moves_money_into_the_account()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        await using Bank bank = await Bank.ConnectAsync(Options(bunq, await BunqSandbox.CreateUserAsync(Options(bunq, null))));
        long accountId = (await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items.Single().Id;

        await BunqSandbox.TopUpAsync(bank.Connection, accountId, 250m);

        Assert.Equal(250m, (await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items.Single().Balance.ToDecimal());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => BunqSandbox.TopUpAsync(bank.Connection, accountId, 501m));
    }

    [Fact]
    public async Task Many_connections_opened_at_once_save_their_first_contexts_under_one_new_key()
    {
        const int Connections = 8;
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(Fast);
        string keyPath = Path.Combine(_dir, "shared", "context.key");
        BunqOptions[] options = Enumerable.Range(0, Connections).Select(i =>
        {
            BunqOptions o = GeneratedClientTests.Options(bunq, bunq.CreateSandboxUser());
            o.ContextStore = BunqContextStore.File(Path.Combine(_dir, $"context-{i}.json"), BunqContextProtection.UserKey(keyPath));
            return o;
        }).ToArray();

        Bank[] banks = await Task.WhenAll(options.Select(o => Bank.ConnectAsync(o)));
        try
        {
            Assert.Equal(Connections, banks.Select(b => b.UserId).Distinct().Count());
        }
        finally
        {
            foreach (Bank bank in banks)
            {
                await bank.DisposeAsync();
            }
        }

        Assert.Equal(["context.key"], Directory.GetFiles(Path.Combine(_dir, "shared")).Select(Path.GetFileName));
        for (int i = 0; i < Connections; i++)
        {
            Assert.NotNull(await options[i].ContextStore!.LoadAsync(default));
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static BunqEmulatorOptions Fast => new() { EnforceRateLimits = false };

    private string ContextPath => Path.Combine(_dir, "bunq-context.json");

    private BunqOptions Options(BunqEmulator bunq, string? apiKey)
    {
        BunqOptions options = GeneratedClientTests.Options(bunq, apiKey);
        options.ContextStore = BunqContextStore.File(ContextPath, BunqContextProtection.UserKey(Path.Combine(_dir, "context.key")));
        return options;
    }
}

public sealed class EmulatorRestartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bunq-restart-").FullName;

    [Fact]
    public async Task A_saved_context_works_against_an_emulator_restarted_on_its_data_directory()
    {
        var options = new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = Path.Combine(_dir, "emulator") };
        string pin;
        BunqOptions client;
        await using (BunqEmulator first = await BunqEmulator.StartAsync(options))
        {
            pin = first.Pin;
            options.Port = first.BaseAddress.Port;
            client = GeneratedClientTests.Options(first, await BunqSandbox.CreateUserAsync(GeneratedClientTests.Options(first, null)));
            client.ContextStore = BunqContextStore.File(Path.Combine(_dir, "context.json"), BunqContextProtection.UserKey(Path.Combine(_dir, "key")));
            await using Bank bank = await Bank.ConnectAsync(client);
            await BunqSandbox.TopUpAsync(bank.Connection, (await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items.Single().Id, 42m);
        }

        await using BunqEmulator second = await BunqEmulator.StartAsync(options);
        await using Bank again = await Bank.ConnectAsync(client);

        Assert.Equal(pin, second.Pin);
        Assert.Equal(42m, (await again.MonetaryAccounts.ListAsync(again.UserId)).Items.Single().Balance.ToDecimal());
        Assert.DoesNotContain(second.Requests, r => r.Path is "/v1/installation" or "/v1/device-server" or "/v1/session-server");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
