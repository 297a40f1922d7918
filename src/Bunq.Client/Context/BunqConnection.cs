using Refit;

namespace Bunq;

/// <summary>
/// A connected bunq client: the API context, its session manager, and one handler pipeline that every endpoint
/// interface shares. Generated <c>[BunqClient]</c> classes wrap one.
/// </summary>
public sealed class BunqConnection : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly RefitSettings _settings;
    private readonly bool _ownsResources;

    private BunqConnection(BunqSessionManager sessions, HttpClient http, RefitSettings settings, bool ownsResources)
    {
        Sessions = sessions;
        _http = http;
        _settings = settings;
        _ownsResources = ownsResources;
    }

    /// <summary>The IP allow-list of this context's API key.</summary>
    public BunqIpAllowList IpAllowList => new(this);

    /// <summary>The session manager (context, session, close).</summary>
    public BunqSessionManager Sessions { get; }

    /// <summary>The session's user id, for <c>{userId}</c> in routes.</summary>
    /// <exception cref="InvalidOperationException">No session yet: await <see cref="GetUserIdAsync"/> first.</exception>
    public long UserId => Sessions.Current?.Session?.UserId
        ?? throw new InvalidOperationException("The bunq session is not open yet; await GetUserIdAsync() (or any call) first.");

    /// <summary>Creates or restores the context and opens a session, then returns the connection.</summary>
    /// <exception cref="BunqConfigurationException">The options are not usable.</exception>
    public static async Task<BunqConnection> ConnectAsync(BunqOptions options, BunqEndpointManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(manifest);
        Uri baseAddress = options.ResolveBaseAddress();
        var transport = BunqHttp.CreateTransport(options);
        var sessions = new BunqSessionManager(options, transport);
        // The per-attempt timeout lives in the pipeline; HttpClient's would also count time queued for a rate-limit permit.
        var http = new HttpClient(BunqHttp.CreatePipeline(options, sessions, manifest, transport)) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var connection = new BunqConnection(sessions, http, BunqRefit.Settings(new BunqContentSerializer(options.JsonTypeInfoResolver)), ownsResources: true);
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

    /// <summary>A connection over a pipeline someone else owns (dependency injection's <c>IHttpClientFactory</c>).</summary>
    public static BunqConnection FromPipeline(BunqSessionManager sessions, HttpClient http, BunqOptions options)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        return new BunqConnection(sessions, http, BunqRefit.Settings(new BunqContentSerializer(options.JsonTypeInfoResolver)), ownsResources: false);
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
        if (_ownsResources)
        {
            _http.Dispose();
            Sessions.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
