namespace Bunq;

/// <summary>
/// The one seam between the handler pipeline and the API context: the authentication handler asks it for the keys and
/// token of the current context and tells it how the session fared, and never reaches into the bootstrapper otherwise.
/// </summary>
internal interface IBunqSessionProvider
{
    /// <summary>The credentials for a request needing <paramref name="authentication"/>.</summary>
    ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken);

    /// <summary>
    /// bunq answered "Insufficient authentication/authorisation" to a request sent with <paramref name="staleToken"/>:
    /// open a new session unless someone already did. Returns false when this provider cannot renew sessions.
    /// </summary>
    ValueTask<bool> TryRenewSessionAsync(BunqSecret staleToken, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    /// <summary>
    /// A call made at <paramref name="sentAt"/> with <paramref name="token"/> succeeded: bunq extends a session used within
    /// its last 30 minutes, and the provider keeps its idea of the expiry in step.
    /// </summary>
    void SessionUsed(BunqSecret token, DateTimeOffset sentAt)
    {
    }
}
