using Microsoft.Extensions.Logging;

namespace Bunq;

/// <summary>
/// Owns the API context of one client: loads it from the store or creates it, opens a new session shortly before the
/// current one expires (one session-server call however many requests wait), keeps the expiry in step with bunq's
/// extension of a session in use, and saves every new session. It is the handlers' only way to the context
/// (<see cref="IBunqSessionProvider"/>). Its context calls go through the client's own pipeline, whose rate limiter
/// keeps bunq's one session-server call per 30 s; they carry their own credentials, so the pipeline never calls back here.
/// </summary>
internal sealed partial class BunqSessionManager : IBunqSessionProvider, IDisposable
{
    /// <summary>How long before expiry a session is renewed, as bunq's SDKs do.</summary>
    public static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromSeconds(30);

    /// <summary>bunq's authentication doc: a request made within 30 minutes of a session's expiry extends the session.</summary>
    public static readonly TimeSpan ExtensionWindow = TimeSpan.FromMinutes(30);

    private readonly BunqOptions _options;
    private readonly IBunqContextStore _store;
    private readonly BunqContextBootstrapper _bootstrapper;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;
    private BunqApiContext? _context;

    /// <summary>Creates the manager; nothing is sent until the first request.</summary>
    /// <param name="options">The client's options.</param>
    /// <param name="http">The client's <see cref="HttpClient"/> over its own pipeline, for the context calls.</param>
    public BunqSessionManager(BunqOptions options, Func<HttpClient> http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        _options = options;
        _store = options.ContextStore ?? BunqContextStore.InMemory();
        _bootstrapper = new BunqContextBootstrapper(options, http);
        _logger = options.LoggerFactory.CreateLogger(LogCategory);
    }

    /// <summary>The log category of the context lifecycle.</summary>
    public const string LogCategory = "Bunq.Context";

    /// <summary>The context as last seen, or null before the first call.</summary>
    public BunqApiContext? Current => Volatile.Read(ref _context);

    /// <summary>The context with a session valid for at least <see cref="RenewBeforeExpiry"/>.</summary>
    public async ValueTask<BunqApiContext> GetContextAsync(CancellationToken cancellationToken)
    {
        BunqApiContext? context = Current;
        if (context is not null && IsUsable(context.Session))
        {
            return context;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever waited on the gate finds the work done by the first one.
            context = Current;
            if (context is not null && IsUsable(context.Session))
            {
                return context;
            }

            if (_store is IBunqSharedContextStore shared)
            {
                context = await GetSharedContextAsync(shared, staleToken: null, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _context, context);
                return context;
            }

            context ??= await LoadOrCreateAsync(cancellationToken).ConfigureAwait(false);
            if (!IsUsable(context.Session))
            {
                BunqLog.SessionRenewing(_logger, context.Session is null ? "no open session" : "it expires within 30 s");
                context = await RenewLockedAsync(context, context.Session is null ? "none_open" : "expiring", cancellationToken).ConfigureAwait(false);
            }

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

            if (_store is IBunqSharedContextStore shared)
            {
                // Another instance may have renewed already: the fleet's stored session decides, under the fleet's lock.
                if (context.Session is null || context.Session.Token.Equals(staleToken))
                {
                    Volatile.Write(ref _context, await GetSharedContextAsync(shared, staleToken, cancellationToken).ConfigureAwait(false));
                }

                return true;
            }

            // Everyone who got the same 401 lands here; only the first finds the stale token still current.
            if (context.Session is null || context.Session.Token.Equals(staleToken))
            {
                BunqLog.SessionRenewing(_logger, "bunq answered Insufficient authentication/authorisation");
                Volatile.Write(ref _context, await RenewLockedAsync(context, "refused", cancellationToken).ConfigureAwait(false));
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
                await _store.SaveAsync(closed, cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _context, closed);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private async Task<BunqApiContext> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        BunqApiContext? stored = await LoadStoredAsync(cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            BunqLog.ContextRestored(_logger, stored.BaseAddress);
            return stored;
        }

        return await CreateAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<BunqApiContext?> LoadStoredAsync(CancellationToken cancellationToken)
    {
        BunqApiContext? stored = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        Uri expected = _options.ResolveBaseAddress();
        if (stored is not null && stored.BaseAddress != expected)
        {
            throw new BunqContextStoreException(
                $"The stored context belongs to {stored.BaseAddress}, not {expected}; a context only works where it was made. Use another store for this address.");
        }

        return stored;
    }

    private async Task<BunqApiContext> CreateAsync(CancellationToken cancellationToken)
    {
        BunqLog.ContextCreating(_logger, _options.ResolveBaseAddress());
        BunqApiContext created = await _bootstrapper.CreateAsync(cancellationToken).ConfigureAwait(false);
        BunqLog.SessionOpened(_logger, created.Session!.Id, created.Session.UserId, created.Session.ExpiresAt);
        await _store.SaveAsync(created, cancellationToken).ConfigureAwait(false);
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
        await _store.SaveAsync(renewed, cancellationToken).ConfigureAwait(false);
        return renewed;
    }

    private bool IsUsable(BunqSession? session) =>
        session is not null && session.ExpiresAt - _options.TimeProvider.GetUtcNow() > RenewBeforeExpiry;
}
