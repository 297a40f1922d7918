namespace Bunq;

/// <summary>
/// The one seam between the handler pipeline and the API context: handlers ask it for the keys and token of the
/// current context and never reach into the bootstrapper otherwise.
/// </summary>
public interface IBunqSessionProvider
{
    /// <summary>The credentials for a request needing <paramref name="authentication"/>.</summary>
    ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken);

    /// <summary>
    /// bunq answered "Insufficient authentication/authorisation" to a request sent with <paramref name="staleToken"/>:
    /// open a new session unless someone already did. Returns false when this provider cannot renew sessions.
    /// </summary>
    ValueTask<bool> TryRenewSessionAsync(BunqSecret staleToken, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}

/// <summary>The keys and token one request is sent with.</summary>
/// <param name="ClientKey">Signs the request body.</param>
/// <param name="ServerKey">Verifies the response; null only before installation.</param>
/// <param name="Token">The installation or session token; null for unauthenticated calls.</param>
public sealed record BunqCredentials(BunqKeyPair ClientKey, BunqServerPublicKey? ServerKey, BunqSecret? Token)
{
    /// <summary>Never shows the token or key.</summary>
    public override string ToString() => $"BunqCredentials(token: {(Token is null ? "none" : "***")}, server key: {(ServerKey is null ? "none" : "set")})";
}
