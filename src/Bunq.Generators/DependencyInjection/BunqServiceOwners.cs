using Microsoft.Extensions.DependencyInjection;

namespace Bunq;

/// <summary>
/// Which bunq clients registered which service, kept in the service collection itself so that each <c>AddXxx</c> sees
/// what the others did. Every service is registered keyed by its client; the first client to register one also adds
/// one unkeyed forwarding registration, which decides when it is resolved — after every client has registered — whether
/// it is unambiguous: one client forwards to that client's keyed service, several throw, naming them. Nothing is ever
/// removed from the service collection, so what another library or the application registered stays as it was.
/// </summary>
internal sealed class BunqServiceOwners
{
    private readonly Dictionary<Type, List<Type>> _owners = [];

    public static BunqServiceOwners Of(IServiceCollection services)
    {
        foreach (ServiceDescriptor descriptor in services)
        {
            if (!descriptor.IsKeyedService && descriptor.ImplementationInstance is BunqServiceOwners owners)
            {
                return owners;
            }
        }

        var created = new BunqServiceOwners();
        services.AddSingleton(created);
        return created;
    }

    /// <summary>
    /// Records that <paramref name="client"/> registered <typeparamref name="TService"/> keyed by <c>typeof(client)</c>,
    /// and, the first time any client does, adds the unkeyed registration that forwards to the one owner.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="client">The client type, the key of its registration.</param>
    /// <param name="alternative">What to use instead when the service is ambiguous, for the exception's message.</param>
    /// <param name="lifetime">The lifetime of the keyed registration, which the forwarding one matches.</param>
    public void Forward<TService>(IServiceCollection services, Type client, string alternative, ServiceLifetime lifetime)
        where TService : class
    {
        if (_owners.TryGetValue(typeof(TService), out List<Type>? clients))
        {
            if (!clients.Contains(client))
            {
                clients.Add(client);
            }

            return;
        }

        clients = [client];
        _owners[typeof(TService)] = clients;
        services.Add(ServiceDescriptor.Describe(typeof(TService), provider => Resolve<TService>(provider, clients, alternative), lifetime));
    }

    private static TService Resolve<TService>(IServiceProvider provider, List<Type> clients, string alternative)
        where TService : class
    {
        if (clients.Count == 1)
        {
            return provider.GetRequiredKeyedService<TService>(clients[0]);
        }

        string service = typeof(TService).Name;
        string names = string.Join(" and ", clients.Select(c => c.FullName).Order(StringComparer.Ordinal));
        throw new BunqConfigurationException(
            $"{service} is registered by several bunq clients ({names}), each with its own API key; "
            + $"inject it keyed by its client, [FromKeyedServices(typeof({clients[0].Name}))] {service}, or use {alternative}.");
    }
}
