using Bunq.Emulator;

namespace Bunq.Callbacks.Tests;

/// <summary>notification-filter-url: replace semantics, HTTPS only, 2 URLs per category, user and account owners, persisted.</summary>
public class NotificationFilterTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("ftp://127.0.0.1/hook")]
    [InlineData("/hook")]
    [InlineData("https://user:secret@127.0.0.1/hook")]
    public async Task A_target_that_is_not_https_is_refused_with_bunqs_error_shape(string target)
    {
        await using BunqEmulator bunq = await Sandbox.StartAsync(trusted: null);
        await using User user = await Sandbox.UserAsync(bunq);

        var refused = await Assert.ThrowsAsync<BunqApiException>(() => user.Bank.RawFilters.SetAsync(user.Id,
            CallbackDeliveryTests.Json($$"""{"notification_filters":[{"category":"PAYMENT","notification_target":"{{target}}"}]}""")));

        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("https", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await BunqNotificationFilters.ListAsync(user.Bank.Connection));
        await Assert.ThrowsAsync<ArgumentException>(() => BunqNotificationFilters.SetAsync(user.Bank.Connection, [new BunqNotificationFilter("PAYMENT", new Uri("http://127.0.0.1/hook"))]));
    }

    [Fact]
    public async Task A_third_url_in_one_category_and_an_unknown_category_are_refused()
    {
        await using BunqEmulator bunq = await Sandbox.StartAsync(trusted: null);
        await using User user = await Sandbox.UserAsync(bunq);

        var third = await Assert.ThrowsAsync<BunqApiException>(() => BunqNotificationFilters.SetAsync(user.Bank.Connection,
            new[] { "https://127.0.0.1/a", "https://127.0.0.1/b", "https://127.0.0.1/c" }.Select(u => new BunqNotificationFilter("PAYMENT", new Uri(u)))));
        var unknown = await Assert.ThrowsAsync<BunqApiException>(() => BunqNotificationFilters.SetAsync(user.Bank.Connection,
            [new BunqNotificationFilter("PAYMENTS", new Uri("https://127.0.0.1/a"))]));

        Assert.Equal(400, (int)third.StatusCode);
        Assert.Contains("At most 2", third.Message, StringComparison.Ordinal);
        Assert.Equal(400, (int)unknown.StatusCode);
        await BunqNotificationFilters.SetAsync(user.Bank.Connection,
            new[] { "https://127.0.0.1/a", "https://127.0.0.1/b" }.Select(u => new BunqNotificationFilter("PAYMENT", new Uri(u))));
        Assert.Equal(2, (await BunqNotificationFilters.ListAsync(user.Bank.Connection)).Count);
    }

    [Fact]
    public async Task Setting_replaces_the_owners_filters_an_empty_list_removes_them_and_user_and_account_are_apart()
    {
        await using BunqEmulator bunq = await Sandbox.StartAsync(trusted: null);
        await using User user = await Sandbox.UserAsync(bunq);
        BunqConnection connection = user.Bank.Connection;
        var one = new BunqNotificationFilter("PAYMENT", new Uri("https://127.0.0.1/one"));
        var two = new BunqNotificationFilter("MUTATION", new Uri("https://127.0.0.1/two"));
        var account = new BunqNotificationFilter("REQUEST", new Uri("https://127.0.0.1/account"));

        await BunqNotificationFilters.SetAsync(connection, [one]);
        await BunqNotificationFilters.SetAsync(connection, [two]);
        await BunqNotificationFilters.SetAsync(connection, [account], user.Account.Id);

        Assert.Equal([two], await BunqNotificationFilters.ListAsync(connection));
        Assert.Equal([account], await BunqNotificationFilters.ListAsync(connection, user.Account.Id));
        await BunqNotificationFilters.RemoveAllAsync(connection);
        Assert.Empty(await BunqNotificationFilters.ListAsync(connection));
        Assert.Equal([account], await BunqNotificationFilters.ListAsync(connection, user.Account.Id));
    }

    [Fact]
    public async Task An_account_filter_gets_that_accounts_changes_and_a_url_on_user_and_account_gets_one_callback()
    {
        await using CallbackReceiver receiver = await CallbackReceiver.StartAsync();
        await using BunqEmulator bunq = await Sandbox.StartAsync(receiver);
        await using User user = await Sandbox.UserAsync(bunq);
        await BunqNotificationFilters.SetAsync(user.Bank.Connection, [new BunqNotificationFilter("MUTATION", receiver.Hook)], user.Account.Id);
        await BunqNotificationFilters.SetAsync(user.Bank.Connection, [new BunqNotificationFilter("MUTATION", receiver.Hook)]);

        await BunqSandbox.TopUpAsync(user.Bank.Connection, user.Account.Id, 3m);
        await CallbackDeliveryTests.DeliveredAsync(bunq, 1);

        Assert.Equal("MUTATION_RECEIVED", Assert.Single(receiver.Accepted).EventType);
    }

    [Fact]
    public async Task Filters_and_events_persist_in_the_data_directory()
    {
        string directory = Directory.CreateTempSubdirectory("bunq-callbacks-").FullName;
        try
        {
            string apiKey;
            int port;
            var filter = new BunqNotificationFilter("PAYMENT", new Uri("https://127.0.0.1/kept"));
            await using (BunqEmulator first = await Sandbox.StartAsync(trusted: null, dataDirectory: directory))
            {
                apiKey = first.CreateSandboxUser();
                port = first.BaseAddress.Port;
                await using User user = await Sandbox.UserAsync(await Bank.ConnectAsync(Sandbox.Options(first, apiKey)), topUp: 4m);
                await BunqNotificationFilters.SetAsync(user.Bank.Connection, [filter]);
            }

            await using BunqEmulator second = await Sandbox.StartAsync(trusted: null, dataDirectory: directory, port: port);
            await using Bank again = await Bank.ConnectAsync(Sandbox.Options(second, apiKey));

            Assert.Equal([filter], await BunqNotificationFilters.ListAsync(again.Connection));
            Assert.Equal(["Payment", "RequestInquiry"], (await again.Events.ListAsync(again.UserId)).Items.Select(e => e.Object.EnumerateObject().Single().Name));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
