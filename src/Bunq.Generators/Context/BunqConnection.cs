using System.ComponentModel;
using Refit;

namespace Bunq;

/// <summary>
/// A connected bunq client: the API context, its session, and one handler pipeline that every endpoint interface — and
/// the context calls themselves — share. Generated <c>[BunqClient]</c> classes wrap one.
/// </summary>
/// <remarks>
/// Disposable both ways, so a dependency-injection container that holds one can be disposed with <c>Dispose</c> or
/// <c>DisposeAsync</c>; releasing it twice (the container and the client class both own it) is harmless.
/// </remarks>
public sealed partial class BunqConnection : IAsyncDisposable, IDisposable
{
    private readonly HttpClient _http;
    private readonly RefitSettings _settings;

    private BunqConnection(BunqSessionManager sessions, BunqPipelineParts parts, HttpClient http, RefitSettings settings)
    {
        Sessions = sessions;
        Parts = parts;
        _http = http;
        _settings = settings;
    }

    /// <summary>The IP allow-list of this context's API key.</summary>
    public BunqIpAllowList IpAllowList => new(this);

    /// <summary>The API context as last seen (keys, installation, current session); null before the first call.</summary>
    public BunqApiContext? Context => Sessions.Current;

    internal BunqSessionManager Sessions { get; }

    /// <summary>What the connection's handlers share (its rate limiter among them).</summary>
    internal BunqPipelineParts Parts { get; }

    /// <summary>The session's user id, for <c>{userId}</c> in routes.</summary>
    /// <exception cref="InvalidOperationException">No session yet: await <see cref="GetUserIdAsync"/> first.</exception>
    public long UserId => Sessions.Current?.Session?.UserId
        ?? throw new InvalidOperationException("The bunq session is not open yet; await GetUserIdAsync() (or any call) first.");

    /// <summary>Creates or restores the context and opens a session, then returns the connection.</summary>
    /// <param name="options">Where and how to connect.</param>
    /// <param name="manifest">The generated endpoint manifest of the client.</param>
    /// <param name="cancellationToken">Cancels the context calls.</param>
    /// <exception cref="BunqConfigurationException">The options are not usable.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)] // generated ConnectAsync methods call this with their client's manifest
    public static async Task<BunqConnection> ConnectAsync(BunqOptions options, BunqEndpointManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(manifest);
        // Built in order, without a loop: the parts and the transport first, then the session manager over them (its
        // context calls use both, not the endpoints' chain), then the endpoints' chain over all three.
        var parts = new BunqPipelineParts(options, manifest);
        BunqPinnedTransport transport = BunqHttp.CreateTransport(parts.Settings);
        var sessions = new BunqSessionManager(parts, transport);
        // The per-attempt timeout lives in the pipeline; HttpClient's would also count time queued for a rate-limit permit.
        HttpClient http = BunqHttp.Configure(new HttpClient(BunqPipeline.Build(parts, sessions, transport)), parts.BaseAddress, options);
        var connection = new BunqConnection(sessions, parts, http, parts.RefitSettings);
        try
        {
            await sessions.GetContextAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The session's user id, opening the session first if needed.</summary>
    public async ValueTask<long> GetUserIdAsync(CancellationToken cancellationToken = default) =>
        (await Sessions.GetContextAsync(cancellationToken).ConfigureAwait(false)).Session!.UserId;

    /// <summary>A Refit generated client for <typeparamref name="T"/> over this connection's pipeline.</summary>
    public T CreateClient<T>()
        where T : class => RestService.ForGenerated<T>(_http, _settings);

    /// <summary>Ends the session at bunq.</summary>
    public Task CloseAsync(CancellationToken cancellationToken = default) => Sessions.CloseAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Releases the handler pipeline and the session manager (the session stays open at bunq; see <see cref="CloseAsync"/>).</summary>
    public void Dispose()
    {
        // Nothing here waits on I/O: the synchronous form is the whole of it, and both are safe to repeat.
        _http.Dispose();
        Sessions.Dispose();
    }
}
