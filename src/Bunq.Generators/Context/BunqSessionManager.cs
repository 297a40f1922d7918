using Microsoft.Extensions.Logging;

namespace Bunq;

/// <summary>
/// Owns the API context of one client: loads it from the store or creates it, opens a new session shortly before the
/// current one expires (one session-server call however many requests wait), keeps the expiry in step with bunq's
/// extension of a session in use, and saves every new session. It is the handlers' only way to the context
/// (<see cref="IBunqSessionProvider"/>). Its context calls go through the bootstrapper's chains, over the client's parts
/// and transport (whose rate limiter keeps bunq's one session-server call per 30 s) but not through this manager, so
/// nothing calls back here.
/// </summary>
internal sealed class BunqSessionManager : IBunqSessionProvider, IDisposable
{
    /// <summary>How long before expiry a session is renewed, as bunq's SDKs do.</summary>
    public static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromSeconds(30);

    /// <summary>bunq's authentication doc: a request made within 30 minutes of a session's expiry extends the session.</summary>
    public static readonly TimeSpan ExtensionWindow = TimeSpan.FromMinutes(30);

    /// <summary>How long after a failed save the next call tries it again (not every call: a broken store fails every time).</summary>
    public static readonly TimeSpan SaveRetryInterval = TimeSpan.FromSeconds(10);

    private readonly BunqOptions _options;
    private readonly BunqSettings _settings;
    private readonly IBunqContextStore _store;
    private readonly BunqContextBootstrapper _bootstrapper;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;
    private BunqApiContext? _context;

    // Not 0 while the context in memory is newer than the stored one because its save failed: the context stays in use
    // (a new one would cost bunq another installation and device) and the first call from this time (UTC ticks) on saves
    // it again.
    private long _saveRetryAtTicks;
    private bool _neverSaved; // the unsaved context is a new one: bunq has an installation the store does not know of

    /// <summary>Creates the manager; nothing is sent until the first request.</summary>
    /// <param name="parts">The client's shared parts (options, limiter, serializer).</param>
    /// <param name="transport">The client's transport, for the context calls (shared, not owned).</param>
    public BunqSessionManager(BunqPipelineParts parts, HttpMessageHandler transport)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(transport);
        _options = parts.Options;
        _settings = parts.Settings;
        _store = _options.ContextStore ?? BunqContextStore.InMemory();
        _bootstrapper = new BunqContextBootstrapper(parts, transport);
        _logger = _options.LoggerFactory.CreateLogger(LogCategory);
    }

    /// <summary>The log category of the context lifecycle.</summary>
    public const string LogCategory = "Bunq.Context";

    /// <summary>The context as last seen, or null before the first call.</summary>
    public BunqApiContext? Current => Volatile.Read(ref _context);

    /// <summary>The context with a session valid for at least <see cref="RenewBeforeExpiry"/>.</summary>
    public async ValueTask<BunqApiContext> GetContextAsync(CancellationToken cancellationToken)
    {
        BunqApiContext? context = Current;
        if (context is not null && IsUsable(context.Session) && !SaveDue())
        {
            return context;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (SaveDue() && Current is { } unsaved)
            {
                await SaveAsync(unsaved, created: false, cancellationToken).ConfigureAwait(false);
            }

            // Whoever waited on the gate finds the work done by the first one.
            context = Current;
            if (context is not null && IsUsable(context.Session))
            {
                return context;
            }

            context = await DecideLockedAsync(context, staleToken: null, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _context, context);
            return context;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken)
    {
        BunqApiContext context = await GetContextAsync(cancellationToken).ConfigureAwait(false);
        BunqSecret? token = authentication == BunqAuthentication.Installation ? context.InstallationToken : context.Session?.Token;
        return new BunqCredentials(context.ClientKey, context.ServerKey, token);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TryRenewSessionAsync(BunqSecret staleToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(staleToken);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            BunqApiContext? context = Current;
            if (context is null)
            {
                return false;
            }

            // Everyone who got the same 401 lands here; only the first finds the stale token still current (in a fleet,
            // the decision below reads the stored session again, under the fleet's lock: another instance may have renewed).
            if (context.Session is null || context.Session.Token.Equals(staleToken))
            {
                Volatile.Write(ref _context, await DecideLockedAsync(context, staleToken, cancellationToken).ConfigureAwait(false));
            }

            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void SessionUsed(BunqSecret token, DateTimeOffset sentAt)
    {
        // Lock-free: this runs after every successful call, and only a call inside the last 30 minutes changes anything.
        while (Current is { Session: { Timeout: { } timeout } session } context && ReferenceEquals(session.Token, token))
        {
            DateTimeOffset extended = sentAt + timeout;
            if (session.ExpiresAt - sentAt > ExtensionWindow || sentAt >= session.ExpiresAt || extended <= session.ExpiresAt)
            {
                return;
            }

            // A renewal that lands in between wins: its context is not the one this extends, and the exchange fails.
            BunqApiContext updated = context.WithSession(session with { ExpiresAt = extended });
            if (ReferenceEquals(Interlocked.CompareExchange(ref _context, updated, context), context))
            {
                BunqLog.SessionExtended(_logger, session.Id, extended);
                return;
            }
        }
    }

    /// <summary>Ends the session at bunq (<c>DELETE /session/{id}</c>) and forgets it.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Current is { Session: not null } context)
            {
                await _bootstrapper.CloseSessionAsync(context, cancellationToken).ConfigureAwait(false);
                BunqLog.SessionClosed(_logger, context.Session.Id);
                BunqApiContext closed = context.WithSession(null);
                Volatile.Write(ref _context, closed);
                await SaveAsync(closed, created: false, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// The one renew-or-not decision (the caller holds this instance's gate), under the renewal lock: a no-op in one
    /// process, the fleet's lock for a store several instances share (<see cref="IBunqSharedContextStore"/>). The context
    /// is <paramref name="known"/>, or for a fleet the stored one (another instance may have made or renewed it while
    /// this one waited for the lock), or the stored one on first use; with none, it is created. Then a session is opened
    /// when bunq refused <paramref name="staleToken"/> and the session still carries it, or, without a refusal, when the
    /// session is missing or expires within <see cref="RenewBeforeExpiry"/>. The session-server call itself waits in the
    /// shared rate budget, so even a takeover after a dead holder's lock expired keeps bunq's one call per 30 s.
    /// </summary>
    private async Task<BunqApiContext> DecideLockedAsync(BunqApiContext? known, BunqSecret? staleToken, CancellationToken cancellationToken)
    {
        IAsyncDisposable held = _store is IBunqSharedContextStore shared
            ? await shared.AcquireRenewalLockAsync(cancellationToken).ConfigureAwait(false)
            : NoRenewalLock.Instance;
        await using (held.ConfigureAwait(false))
        {
            // A context whose save failed is newer than the stored one (which may be none: reading it would make another).
            BunqApiContext? context = _store is IBunqSharedContextStore && !Unsaved ? null : known;
            if (context is null)
            {
                context = await LoadStoredAsync(cancellationToken).ConfigureAwait(false);
                if (context is null)
                {
                    return await CreateAsync(cancellationToken).ConfigureAwait(false);
                }

                BunqLog.ContextRestored(_logger, context.BaseAddress);
            }

            (string Why, string Reason)? renewal = staleToken is not null
                ? context.Session is null || context.Session.Token.Equals(staleToken) ? ("bunq answered Insufficient authentication/authorisation", "refused") : null
                : IsUsable(context.Session) ? null
                : context.Session is null ? ("no open session", "none_open") : ("it expires within 30 s", "expiring");
            if (renewal is not { } renew)
            {
                return context;
            }

            BunqLog.SessionRenewing(_logger, renew.Why);
            return await RenewLockedAsync(context, renew.Reason, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<BunqApiContext?> LoadStoredAsync(CancellationToken cancellationToken)
    {
        BunqApiContext? stored = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        Uri expected = _settings.BaseAddress;
        if (stored is not null && stored.BaseAddress != expected)
        {
            throw new BunqContextStoreException(
                $"The stored context belongs to {stored.BaseAddress}, not {expected}; a context only works where it was made. Use another store for this address.");
        }

        return stored;
    }

    private async Task<BunqApiContext> CreateAsync(CancellationToken cancellationToken)
    {
        // Before bunq registers anything: a store that can already tell it will not be able to save fails here, typed.
        (_store as IBunqSaveReadiness)?.EnsureReadyToSave();
        BunqLog.ContextCreating(_logger, _settings.BaseAddress);
        BunqApiContext created = await _bootstrapper.CreateAsync(cancellationToken).ConfigureAwait(false);
        BunqLog.SessionOpened(_logger, created.Session!.Id, created.Session.UserId, created.Session.ExpiresAt);
        await SaveAsync(created, created: true, CancellationToken.None).ConfigureAwait(false);
        return created;
    }

    /// <summary>
    /// Opens a session (caller holds the gate) and saves it. bunq's one session-server call per 30 s is the pipeline's rate
    /// limiter's to keep: the call waits there for its permit like any other.
    /// </summary>
    private async Task<BunqApiContext> RenewLockedAsync(BunqApiContext context, string reason, CancellationToken cancellationToken)
    {
        BunqSession session = await _bootstrapper.OpenSessionAsync(context, cancellationToken).ConfigureAwait(false);
        BunqLog.SessionOpened(_logger, session.Id, session.UserId, session.ExpiresAt);
        BunqTelemetry.SessionRenewals.Add(1, new KeyValuePair<string, object?>(BunqTelemetry.RenewalReason, reason));
        BunqApiContext renewed = context.WithSession(session);
        await SaveAsync(renewed, created: false, CancellationToken.None).ConfigureAwait(false);
        return renewed;
    }

    /// <summary>
    /// Saves <paramref name="context"/> (caller holds the gate); a failure is logged and remembered, never thrown: what
    /// bunq made (a context with its private key, or a session) is in memory and in use, and throwing it away would
    /// cost another installation and device, or another session-server call. The next call after
    /// <see cref="SaveRetryInterval"/> tries again. A new context's save is not cancelled with its call: it is what keeps
    /// bunq's registration usable.
    /// </summary>
    private async Task SaveAsync(BunqApiContext context, bool created, CancellationToken cancellationToken)
    {
        try
        {
            await _store.SaveAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _saveRetryAtTicks, (_options.TimeProvider.GetUtcNow() + SaveRetryInterval).UtcTicks);
            _neverSaved |= created;
            // Once per attempt, so at most once per interval; the store's own message, cleaned (a custom store's text).
            string error = e.GetType().Name + ": " + BunqUntrustedText.Clean(e.Message, 500);
            if (_neverSaved)
            {
                BunqLog.ContextNotSaved(_logger, context.BaseAddress, error, SaveRetryInterval);
            }
            else
            {
                BunqLog.ContextSaveFailed(_logger, error, SaveRetryInterval);
            }

            return;
        }

        if (Interlocked.Exchange(ref _saveRetryAtTicks, 0) != 0)
        {
            _neverSaved = false;
            BunqLog.ContextSavedLate(_logger);
        }
    }

    /// <summary>Whether the context in memory awaits a save and the retry interval has passed.</summary>
    private bool SaveDue() =>
        Interlocked.Read(ref _saveRetryAtTicks) is var due and not 0 && _options.TimeProvider.GetUtcNow().UtcTicks >= due;

    /// <summary>Whether the context in memory awaits a save (its last save failed).</summary>
    private bool Unsaved => Interlocked.Read(ref _saveRetryAtTicks) != 0;

    private bool IsUsable(BunqSession? session) =>
        session is not null && session.ExpiresAt - _options.TimeProvider.GetUtcNow() > RenewBeforeExpiry;
}

/// <summary>The renewal lock of one process: its gate already serializes renewals, so there is nothing more to hold.</summary>
internal sealed class NoRenewalLock : IAsyncDisposable
{
    public static readonly NoRenewalLock Instance = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
