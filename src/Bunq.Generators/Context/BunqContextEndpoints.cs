using Refit;

namespace Bunq;

// The runtime's own context calls. installation and sandbox-user-person carry no token and no signature, so they are
// plain Refit; device-server, session-server and session are [BunqEndpoint]s checked by our own analyzer. They go
// through the client's stages, parts and transport (its one limiter keeps session-server's 1 per 30 s) in a chain
// whose session provider is the bootstrapper's credentials so far, so nothing asks the session manager for the context
// being made.

internal interface IBunqAnonymousApi
{
    [Post("/installation")]
    Task<BunqEnvelope> CreateInstallationAsync([Body] BunqInstallationRequest request, CancellationToken cancellationToken);

    [Post("/sandbox-user-person")]
    Task<BunqSandboxApiKey> CreateSandboxUserPersonAsync(CancellationToken cancellationToken);
}

#pragma warning disable BUNQ004 // the bootstrapper is the one place allowed to declare the context-creation routes
[BunqEndpoint, Signed]
internal interface IBunqContextApi
{
    [Post("/device-server")]
    Task<BunqId> CreateDeviceServerAsync(
        [Body] BunqDeviceServerRequest request, CancellationToken cancellationToken);

    [Post("/session-server")]
    Task<BunqEnvelope> CreateSessionServerAsync(
        [Body] BunqSessionServerRequest request, CancellationToken cancellationToken);

    [Delete("/session/{sessionId}")]
    Task DeleteSessionAsync(long sessionId, CancellationToken cancellationToken);
}
#pragma warning restore BUNQ004
