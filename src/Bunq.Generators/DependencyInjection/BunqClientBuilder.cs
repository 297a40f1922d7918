using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Refit;

namespace Bunq;

/// <summary>Adds endpoint interfaces to a bunq client registered with <c>AddBunqClient</c>.</summary>
public sealed class BunqClientBuilder
{
    internal BunqClientBuilder(IServiceCollection services, string name, BunqEndpointManifest manifest)
    {
        Services = services;
        Name = name;
        Manifest = manifest;
        HttpClient = services.AddHttpClient(name);
    }

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The client's name: options name, session-manager key and HttpClient name.</summary>
    public string Name { get; }

    /// <summary>The client's endpoint manifest.</summary>
    public BunqEndpointManifest Manifest { get; }

    /// <summary>The named HttpClient every endpoint shares; add resilience handlers here (they run outside signing).</summary>
    public IHttpClientBuilder HttpClient { get; }

    /// <summary>Registers <typeparamref name="T"/> as a Refit generated client on the shared pipeline.</summary>
    public BunqClientBuilder AddEndpoint<T>()
        where T : class
    {
        Services.AddRefitGeneratedClient<T>(
            provider => provider.GetRequiredKeyedService<RefitSettings>(Name), Name);
        // Refit configures its own primary handler for the name; ours must be the last word, or pinning is lost.
        UsePinnedTransport();
        return this;
    }

    internal BunqOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptionsMonitor<BunqOptions>>().Get(Name);

    internal void UsePinnedTransport() =>
        HttpClient.ConfigurePrimaryHttpMessageHandler(provider => BunqHttp.CreateTransport(Options(provider)));
}
