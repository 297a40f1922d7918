using Microsoft.Extensions.DependencyInjection;

namespace Bunq;

/// <summary>
/// Which bunq clients registered which service unkeyed, kept in the service collection itself so that each
/// <c>AddXxx</c> sees what the others did. A service a second client registers becomes ambiguous: resolving it
/// unkeyed throws, naming every client, and the keyed registrations stay.
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

    /// <summary>Records that <paramref name="client"/> registers <paramref name="service"/>; true while it is the only client that does.</summary>
    public bool Claim(Type service, Type client)
    {
        if (!_owners.TryGetValue(service, out List<Type>? clients))
        {
            _owners[service] = [client];
            return true;
        }

        if (!clients.Contains(client))
        {
            clients.Add(client);
        }

        return clients.Count == 1;
    }

    /// <summary>Replaces the unkeyed registration of <paramref name="service"/> with one that explains the ambiguity.</summary>
    public void MakeAmbiguous(IServiceCollection services, Type service, string alternative)
    {
        for (int i = services.Count - 1; i >= 0; i--)
        {
            if (!services[i].IsKeyedService && services[i].ServiceType == service)
            {
                services.RemoveAt(i);
            }
        }

        List<Type> clients = _owners[service];
        string names = string.Join(" and ", clients.Select(c => c.FullName).Order(StringComparer.Ordinal));
        string message = $"{service.Name} is registered by several bunq clients ({names}), each with its own API key; "
            + $"inject it keyed by its client, [FromKeyedServices(typeof({clients[0].Name}))] {service.Name}, or use {alternative}.";
        services.AddTransient(service, _ => throw new BunqConfigurationException(message));
    }
}
