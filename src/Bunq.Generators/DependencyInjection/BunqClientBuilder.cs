using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;

namespace Bunq.Generated;

/// <summary>
/// One bunq client's registration in progress, handed from <see cref="BunqClientRegistration.AddBunqClient(IServiceCollection, string, Action{BunqOptions}, BunqEndpointManifest)"/>
/// to the generated <c>AddXxx</c>'s <see cref="BunqClientRegistration.AddClient"/> and
/// <see cref="BunqClientRegistration.AddEndpoint"/> calls. For generated code; not meant to be used directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
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

    /// <summary>The client's name: options name, key of its parts and HttpClient name.</summary>
    public string Name { get; }

    /// <summary>The client's endpoint manifest.</summary>
    public BunqEndpointManifest Manifest { get; }

    /// <summary>The named HttpClient every endpoint shares; add resilience handlers here (they run outside signing).</summary>
    public IHttpClientBuilder HttpClient { get; }
}
