namespace Bunq;

/// <summary>The session manager's part for a store several instances share.</summary>
internal sealed partial class BunqSessionManager
{
    /// <summary>
    /// Under the fleet's renewal lock (the caller holds this instance's gate): the stored context if another instance
    /// already made or renewed it, else a context made or renewed here and saved for the others. One instance calls
    /// bunq at a time; the others wait on the lock and then read what it stored. The session-server call itself still
    /// waits in the fleet's shared rate budget, so even a takeover after a dead holder's lock expired keeps bunq's
    /// one call per 30 s.
    /// </summary>
    /// <param name="shared">The shared store.</param>
    /// <param name="staleToken">The token bunq refused, or null when the session is merely close to expiry.</param>
    /// <param name="cancellationToken">Cancels the wait and the calls.</param>
    private async Task<BunqApiContext> GetSharedContextAsync(IBunqSharedContextStore shared, BunqSecret? staleToken, CancellationToken cancellationToken)
    {
        IAsyncDisposable held = await shared.AcquireRenewalLockAsync(cancellationToken).ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            BunqApiContext? stored = await LoadStoredAsync(cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return await CreateAsync(cancellationToken).ConfigureAwait(false);
            }

            if (staleToken is not null && (stored.Session is null || stored.Session.Token.Equals(staleToken)))
            {
                BunqLog.SessionRenewing(_logger, "bunq answered Insufficient authentication/authorisation");
                return await RenewLockedAsync(stored, "refused", cancellationToken).ConfigureAwait(false);
            }

            if (staleToken is null && !IsUsable(stored.Session))
            {
                BunqLog.SessionRenewing(_logger, stored.Session is null ? "no open session" : "it expires within 30 s");
                return await RenewLockedAsync(stored, stored.Session is null ? "none_open" : "expiring", cancellationToken).ConfigureAwait(false);
            }

            BunqLog.ContextRestored(_logger, stored.BaseAddress);
            return stored;
        }
    }
}
