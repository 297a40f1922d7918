using Bunq.Emulator;
using Microsoft.Extensions.DependencyInjection;

namespace Bunq.EndToEnd.Tests;

/// <summary>A personal and a business account in one container, against the emulator over TLS.</summary>
[BunqClient]
public partial class PersonalBank;

/// <summary>The second account of <see cref="MultipleClientsTests"/>.</summary>
[BunqClient]
public partial class BusinessBank;

public sealed class MultipleClientsTests
{
    [Fact]
    public async Task Two_clients_in_one_container_each_call_bunq_with_their_own_api_key()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string personalKey = bunq.CreateSandboxUser(), businessKey = bunq.CreateSandboxUser();
        long personalId = await UserOfAsync(bunq, personalKey), businessId = await UserOfAsync(bunq, businessKey);
        Assert.NotEqual(personalId, businessId);
        var services = new ServiceCollection();
        services.AddPersonalBank(options => GeneratedClientTests.Configure(options, bunq, personalKey));
        services.AddBusinessBank(options => GeneratedClientTests.Configure(options, bunq, businessKey));
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        int sessionsBefore = SessionServerCalls(bunq);

        // Endpoints keyed by client type: each goes out over its own client's session, made from its own API key.
        UserPerson personal = (await provider.GetRequiredKeyedService<IUsers>(typeof(PersonalBank)).ListAsync()).Items.Single();
        UserPerson business = (await provider.GetRequiredKeyedService<IUsers>(typeof(BusinessBank)).ListAsync()).Items.Single();

        Assert.Equal(personalId, personal.Id);
        Assert.Equal(businessId, business.Id);
        Assert.Equal(2, SessionServerCalls(bunq) - sessionsBefore); // one session per client, none shared

        // The client classes and their connections are injectable and share the keyed endpoints' sessions.
        PersonalBank personalBank = provider.GetRequiredService<PersonalBank>();
        BusinessBank businessBank = provider.GetRequiredService<BusinessBank>();
        Assert.Equal(personalId, personalBank.UserId);
        Assert.Equal(businessId, businessBank.UserId);
        Assert.Same(personalBank.Connection, provider.GetRequiredKeyedService<BunqConnection>(typeof(PersonalBank)));
        Assert.Equal(businessId, (await businessBank.Users.ListAsync()).Items.Single().Id);
        long personalAccount = (await personalBank.MonetaryAccounts.ListAsync(personalBank.UserId)).Items.First().Id;
        long businessAccount = (await businessBank.MonetaryAccounts.ListAsync(businessBank.UserId)).Items.First().Id;
        Assert.NotEqual(personalAccount, businessAccount);
        Assert.Equal(2, SessionServerCalls(bunq) - sessionsBefore);

        // Unkeyed, the shared interface and the connection name both clients instead of picking one.
        var users = Assert.Throws<BunqConfigurationException>(() => provider.GetRequiredService<IUsers>());
        Assert.Contains(typeof(PersonalBank).FullName!, users.Message, StringComparison.Ordinal);
        Assert.Contains(typeof(BusinessBank).FullName!, users.Message, StringComparison.Ordinal);
        Assert.Contains("FromKeyedServices", users.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(personalKey, users.Message, StringComparison.Ordinal);
        var connection = Assert.Throws<BunqConfigurationException>(() => provider.GetRequiredService<BunqConnection>());
        Assert.Contains(typeof(BusinessBank).FullName!, connection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_client_alone_is_injectable_unkeyed_as_before()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        string apiKey = bunq.CreateSandboxUser();
        var services = new ServiceCollection();
        services.AddPersonalBank(options => GeneratedClientTests.Configure(options, bunq, apiKey));
        await using ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        long userId = await provider.GetRequiredService<BunqConnection>().GetUserIdAsync();
        UserPerson user = (await provider.GetRequiredService<IUsers>().ListAsync()).Items.Single();

        Assert.Equal(userId, user.Id);
        Assert.Equal(userId, provider.GetRequiredService<PersonalBank>().UserId);
        Assert.Same(provider.GetRequiredService<BunqConnection>(), provider.GetRequiredService<PersonalBank>().Connection);
        Assert.Equal(1, SessionServerCalls(bunq));
    }

    private static async Task<long> UserOfAsync(BunqEmulator bunq, string apiKey)
    {
        var options = new BunqOptions();
        GeneratedClientTests.Configure(options, bunq, apiKey);
        await using Bank bank = await Bank.ConnectAsync(options);
        return bank.UserId;
    }

    private static int SessionServerCalls(BunqEmulator bunq) =>
        bunq.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/session-server", StringComparison.Ordinal) && r.Status is >= 200 and < 300);
}
