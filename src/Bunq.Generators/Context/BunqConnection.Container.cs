using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace Bunq;

// Kept apart from the connection's own code: the one way the generated DI registration (BunqClientRegistration)
// makes a connection over what AddBunqClient registered, so that the client class and its endpoints share one session.
public sealed partial class BunqConnection
{
    /// <summary>
    /// A connection over the container's parts for client <paramref name="name"/>: its session manager, pipeline parts,
    /// named HttpClient and Refit settings. The container owns them; disposing the connection only releases the
    /// HttpClient and the session manager's gate, both safe to release twice.
    /// </summary>
    internal static BunqConnection FromContainer(IServiceProvider provider, string name) => new(
        provider.GetRequiredKeyedService<BunqSessionManager>(name),
        provider.GetRequiredKeyedService<BunqPipelineParts>(name),
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(name),
        provider.GetRequiredKeyedService<RefitSettings>(name));
}
