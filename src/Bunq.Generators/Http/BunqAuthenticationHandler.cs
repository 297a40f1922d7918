namespace Bunq;

/// <summary>
/// Adds <c>X-Bunq-Client-Authentication</c> with the installation or session token the request needs, and hands the
/// same context snapshot's keys to the signing handler so token and key can never come from different contexts. When
/// bunq says the session has ended, it has the session renewed (once, however many requests wait) and resends — but
/// only when that answer is bunq's own (its signature verifies) or could not be verified because no server key exists
/// yet and the request is safe to repeat: an unsigned "Insufficient authentication." from anyone on the path must not
/// cost a session nor send a payment twice.
/// The context calls, which make the context, go through a chain of their own whose provider hands out the credentials
/// known so far (<see cref="BunqKnownCredentials"/>), so the session manager can send them while holding its own lock.
/// </summary>
internal sealed class BunqAuthenticationHandler(IBunqSessionProvider sessions, TimeProvider time) : DelegatingHandler
{
    // The common path — credentials at hand, the answer ready when the inner handlers return — runs without an async
    // state machine or a Task of its own; waiting for credentials or for the answer continues asynchronously, and a
    // session-expiry answer is handled there, from the step reached.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        BunqCall call;
        BunqSecret? token;
        long sent;
        Task<HttpResponseMessage> sending;
        try
        {
            call = BunqCall.Of(request);
            ValueTask<BunqSecret?> authenticating = AuthenticateAsync(request, call, cancellationToken);
            if (!authenticating.IsCompletedSuccessfully)
            {
                return SendAuthenticatedAsync(request, call, authenticating, cancellationToken);
            }

            token = authenticating.Result;
            sent = time.GetTimestamp();
        }
        catch (Exception e)
        {
            return BunqTasks.Failed<HttpResponseMessage>(e);
        }

        try
        {
            sending = base.SendAsync(request, cancellationToken);
        }
        catch (Exception e)
        {
            sending = Task.FromException<HttpResponseMessage>(e);
        }

        if (!sending.IsCompletedSuccessfully)
        {
            return CompleteAsync(request, call, token, sent, sending, cancellationToken);
        }

        try
        {
            Used(call, token, sent);
        }
        catch (Exception e)
        {
            return BunqTasks.Failed<HttpResponseMessage>(e);
        }

        return sending;
    }

    private async Task<HttpResponseMessage> SendAuthenticatedAsync(
        HttpRequestMessage request, BunqCall call, ValueTask<BunqSecret?> authenticating, CancellationToken cancellationToken)
    {
        BunqSecret? token = await authenticating.ConfigureAwait(false);
        long sent = time.GetTimestamp();
        return await CompleteAsync(request, call, token, sent, base.SendAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    // The common path keeps few locals across its awaits: its state machine is allocated whenever the answer is awaited.
    private async Task<HttpResponseMessage> CompleteAsync(
        HttpRequestMessage request, BunqCall call, BunqSecret? token, long sent, Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        BunqApiException? refusal = null;
        try
        {
            response = await sending.ConfigureAwait(false);
        }
        catch (BunqApiException e) when (call.Authentication == BunqAuthentication.Session && e.IsSessionExpired && token is not null && MayRenewAndResend(call, e))
        {
            refusal = e;
            response = null!;
        }

        if (refusal is not null)
        {
            return await RenewAndResendAsync(request, call, token!, refusal, cancellationToken).ConfigureAwait(false);
        }

        Used(call, token, sent);
        return response;
    }

    // A session call that was answered extends the session from the moment it was sent.
    private void Used(BunqCall call, BunqSecret? token, long sent)
    {
        if (call.Authentication == BunqAuthentication.Session && token is not null)
        {
            sessions.SessionUsed(token, time.GetUtcNow() - time.GetElapsedTime(sent));
        }
    }

    /// <summary>
    /// The server ended the session before our clock said so. Once renewed (by us or by whoever got there first), resend
    /// once: the signing handler re-signs it with a fresh request id.
    /// </summary>
    private async Task<HttpResponseMessage> RenewAndResendAsync(
        HttpRequestMessage request, BunqCall call, BunqSecret staleToken, BunqApiException refusal, CancellationToken cancellationToken)
    {
        if (!await sessions.TryRenewSessionAsync(staleToken, cancellationToken).ConfigureAwait(false))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refusal);
        }

        BunqSecret? token = await AuthenticateAsync(request, call, cancellationToken).ConfigureAwait(false);
        DateTimeOffset sentAt = time.GetUtcNow();
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (token is not null)
        {
            sessions.SessionUsed(token, sentAt);
        }

        return response;
    }

    /// <summary>
    /// Whether a session-expiry answer may cost a renewal and a resend. A verified answer is bunq saying it refused the
    /// call unexecuted; an unverified one is believed only when nothing could have verified it (no server key yet), and
    /// even then not for a POST, which may have executed (the retry rule of <see cref="BunqResilience"/>).
    /// </summary>
    private static bool MayRenewAndResend(BunqCall call, BunqApiException refusal)
    {
        if (refusal.IsSignatureVerified)
        {
            return true;
        }

        bool verifiable = call.Credentials?.ServerKey is not null;
        return !verifiable && BunqResilience.IsIdempotent(call.Method);
    }

    private async ValueTask<BunqSecret?> AuthenticateAsync(HttpRequestMessage request, BunqCall call, CancellationToken cancellationToken)
    {
        BunqAuthentication kind = call.Authentication;
        if (kind == BunqAuthentication.None)
        {
            request.Headers.Remove(BunqHeaders.Authentication);
            return null;
        }

        BunqCredentials credentials = await sessions.GetCredentialsAsync(kind, cancellationToken).ConfigureAwait(false);
        SetHeader(request, kind, credentials);
        call.Credentials = credentials;
        return credentials.Token;
    }

    private static void SetHeader(HttpRequestMessage request, BunqAuthentication kind, BunqCredentials credentials)
    {
        request.Headers.Remove(BunqHeaders.Authentication);
        if (kind == BunqAuthentication.None)
        {
            return;
        }

        if (credentials.Token is null)
        {
            throw new BunqException($"The API context has no {kind.ToString().ToLowerInvariant()} token for this request; create the context first.");
        }

        request.Headers.TryAddWithoutValidation(BunqHeaders.Authentication, credentials.Token.Reveal());
    }
}
