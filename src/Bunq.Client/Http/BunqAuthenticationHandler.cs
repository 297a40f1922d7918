namespace Bunq;

/// <summary>
/// Adds <c>X-Bunq-Client-Authentication</c> with the installation or session token the request needs, and hands the
/// same context snapshot's keys to the signing handler so token and key can never come from different contexts. When
/// bunq says the session has ended, it has the session renewed (once, however many requests wait) and resends.
/// </summary>
public sealed class BunqAuthenticationHandler : DelegatingHandler
{
    private readonly IBunqSessionProvider _sessions;

    /// <summary>Creates the handler over the API context's session provider.</summary>
    public BunqAuthenticationHandler(IBunqSessionProvider sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        _sessions = sessions;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The signing handler works the kind out the same way; not storing it keeps the request's options small.
        BunqAuthentication kind = BunqRequestOptions.AuthenticationOf(request);
        BunqSecret? token = await AuthenticateAsync(request, kind, cancellationToken).ConfigureAwait(false);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (BunqApiException e) when (kind == BunqAuthentication.Session && e.IsSessionExpired && token is not null)
        {
            if (!await _sessions.TryRenewSessionAsync(token, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }

        // The server ended the session before our clock said so. Once renewed (by us or by whoever got there first),
        // resend once: the signing handler re-signs it with a fresh request id.
        await AuthenticateAsync(request, kind, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<BunqSecret?> AuthenticateAsync(HttpRequestMessage request, BunqAuthentication kind, CancellationToken cancellationToken)
    {
        request.Headers.Remove(BunqHeaders.Authentication);
        if (kind == BunqAuthentication.None)
        {
            return null;
        }

        BunqCredentials credentials = await _sessions.GetCredentialsAsync(kind, cancellationToken).ConfigureAwait(false);
        if (credentials.Token is null)
        {
            throw new BunqException($"The API context has no {kind.ToString().ToLowerInvariant()} token for this request; create the context first.");
        }

        request.Options.Set(BunqRequestOptions.Credentials, credentials);
        request.Headers.TryAddWithoutValidation(BunqHeaders.Authentication, credentials.Token.Reveal());
        return credentials.Token;
    }
}
