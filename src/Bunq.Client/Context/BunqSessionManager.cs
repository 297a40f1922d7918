using Microsoft.Extensions.Logging;

namespace Bunq;

/// <summary>
/// Owns the API context of one client: loads it from the store or creates it, opens a new session shortly before the
/// current one expires (one session-server call however many requests wait), and saves every change. It is the
/// handlers' only way to the context (<see cref="IBunqSessionProvider"/>).
/// </summary>
public sealed class BunqSessionManager : IBunqSessionProvider, IDisposable
{
    /// <summary>How long before expiry a session is renewed, as bunq's SDKs do.</summary>
    public static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromSeconds(30);

    /// <summary>bunq allows one session-server call per 30 s per IP.</summary>
    public static readonly TimeSpan SessionServerInterval = TimeSpan.FromSeconds(30);

    private readonly BunqOptions _options;
    private readonly IBunqContextStore _store;
    private readonly BunqContextBootstrapper _bootstrapper;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger;
    private BunqApiContext? _context;
    private DateTimeOffset? _lastSessionServerCall;

    /// <summary>Creates the manager; nothing is sent until the first request.</summary>
    /// <param name="options">The client's options.</param>
    /// <param name="transport">The pinned transport the context calls go through (not disposed here).</param>
    public BunqSessionManager(BunqOptions options, HttpMessageHandler transport)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transport);
        _options = options;
        _store = options.ContextStore ?? BunqContextStore.InMemory();
        _bootstrapper = new BunqContextBootstrapper(options, transport);
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
            context = Current ?? await LoadOrCreateAsync(cancellationToken).ConfigureAwait(false);
            if (!IsUsable(context.Session))
            {
                BunqLog.SessionRenewing(_logger, context.Session is null ? "no open session" : "it expires within 30 s");
                context = await RenewLockedAsync(context, cancellationToken).ConfigureAwait(false);
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

            // Everyone who got the same 401 lands here; only the first finds the stale token still current.
            if (context.Session is null || context.Session.Token.Equals(staleToken))
            {
                BunqLog.SessionRenewing(_logger, "bunq answered Insufficient authentication/authorisation");
                Volatile.Write(ref _context, await RenewLockedAsync(context, cancellationToken).ConfigureAwait(false));
            }

            return true;
        }
        finally
        {
            _gate.Release();
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
        BunqApiContext? stored = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            Uri expected = _options.ResolveBaseAddress();
            if (stored.BaseAddress != expected)
            {
                throw new BunqContextStoreException(
                    $"The stored context belongs to {stored.BaseAddress}, not {expected}; a context only works where it was made. Use another store for this address.");
            }

            BunqLog.ContextRestored(_logger, stored.BaseAddress);
            return stored;
        }

        BunqLog.ContextCreating(_logger, _options.ResolveBaseAddress());
        _lastSessionServerCall = _options.TimeProvider.GetUtcNow();
        BunqApiContext created = await _bootstrapper.CreateAsync(cancellationToken).ConfigureAwait(false);
        BunqLog.SessionOpened(_logger, created.Session!.Id, created.Session.UserId, created.Session.ExpiresAt);
        await _store.SaveAsync(created, cancellationToken).ConfigureAwait(false);
        return created;
    }

    /// <summary>Opens a session (caller holds the gate), keeping bunq's one session-server call per 30 s, and saves it.</summary>
    private async Task<BunqApiContext> RenewLockedAsync(BunqApiContext context, CancellationToken cancellationToken)
    {
        if (_lastSessionServerCall is { } last)
        {
            TimeSpan wait = last + SessionServerInterval - _options.TimeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                BunqLog.SessionServerSpacing(_logger, wait);
                await Task.Delay(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        _lastSessionServerCall = _options.TimeProvider.GetUtcNow();
        BunqSession session = await _bootstrapper.OpenSessionAsync(context, cancellationToken).ConfigureAwait(false);
        BunqLog.SessionOpened(_logger, session.Id, session.UserId, session.ExpiresAt);
        BunqApiContext renewed = context.WithSession(session);
        await _store.SaveAsync(renewed, cancellationToken).ConfigureAwait(false);
        return renewed;
    }

    private bool IsUsable(BunqSession? session) =>
        session is not null && session.ExpiresAt - _options.TimeProvider.GetUtcNow() > RenewBeforeExpiry;
}
