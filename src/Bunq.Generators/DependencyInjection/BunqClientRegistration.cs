using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace Bunq;

/// <summary>
/// What a generated <c>AddXxx</c> registers for a <see cref="BunqClientAttribute"/> class beside its pipeline: the
/// client class and its <see cref="BunqConnection"/> (injectable, so <c>UserId</c>, the IP allow-list and the sandbox
/// helpers are reachable under dependency injection), and every endpoint interface keyed by the client type. Several
/// clients in one app (a personal and a business account) never hand one another's endpoints out: an interface or a
/// connection two clients registered fails to resolve unkeyed, naming both, instead of calling bunq with the other
/// account's API key.
/// </summary>
public static class BunqClientRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TClient"/> as a singleton over a <see cref="BunqConnection"/> on the builder's
    /// pipeline; the connection is keyed by <c>typeof(TClient)</c>, and unkeyed while only one client registers one.
    /// </summary>
    /// <param name="builder">The client's registration.</param>
    /// <param name="create">Makes the client from its connection (the generated constructor).</param>
    public static BunqClientBuilder AddClient<TClient>(this BunqClientBuilder builder, Func<BunqConnection, TClient> create)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(create);
        Type key = typeof(TClient);
        string name = builder.Name;
        builder.Services.AddKeyedSingleton(key, (provider, _) => BunqConnection.FromContainer(provider, name));
        builder.Services.AddSingleton(provider => create(provider.GetRequiredKeyedService<BunqConnection>(key)));
        if (BunqServiceOwners.Of(builder.Services).Claim(typeof(BunqConnection), key))
        {
            builder.Services.AddSingleton(provider => provider.GetRequiredKeyedService<BunqConnection>(key));
        }
        else
        {
            BunqServiceOwners.Of(builder.Services).MakeAmbiguous(builder.Services, typeof(BunqConnection), "the client's Connection");
        }

        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="TEndpoint"/> keyed by <c>typeof(TClient)</c> on the builder's pipeline, and unkeyed
    /// while no other client registers it.
    /// </summary>
    /// <param name="builder">The client's registration.</param>
    public static BunqClientBuilder AddEndpoint<TEndpoint, TClient>(this BunqClientBuilder builder)
        where TEndpoint : class
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        string name = builder.Name;
        builder.Services.AddKeyedTransient(typeof(TClient), (provider, _) => RestService.ForGenerated<TEndpoint>(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(name),
            provider.GetRequiredKeyedService<RefitSettings>(name)));
        BunqServiceOwners owners = BunqServiceOwners.Of(builder.Services);
        if (owners.Claim(typeof(TEndpoint), typeof(TClient)))
        {
            builder.AddEndpoint<TEndpoint>();
        }
        else
        {
            owners.MakeAmbiguous(builder.Services, typeof(TEndpoint), "the client's property");
        }

        return builder;
    }
}
