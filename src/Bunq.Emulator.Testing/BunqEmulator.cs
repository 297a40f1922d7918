using System.Runtime.ExceptionServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Bunq.Emulator;

/// <summary>
/// An offline bunq: a Kestrel HTTPS server on loopback with a self-signed certificate, speaking bunq's protocol
/// (signatures both ways, tokens, sessions, IP allow-list, rate limits) over in-memory state.
/// </summary>
/// <example><code>
/// await using var bunq = await BunqEmulator.StartAsync();
/// options.BaseAddress = bunq.BaseAddress; options.CertificatePins.Add(bunq.Pin);
/// </code></example>
public sealed partial class BunqEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2? _certificate;
    private readonly ServerKey _serverKey;
    private readonly RequestLog _log;
    private readonly EmulatorState _state;
    private EmulatorStateFile? _persistence;
    private int _disposed; // 1 once DisposeAsync ran: it runs once

    private BunqEmulator(WebApplication app, X509Certificate2? ownedCertificate, ServerKey serverKey, RequestLog log, EmulatorState state, EmulatorFaults faults, X509Certificate2 certificate, Uri baseAddress)
    {
        _app = app;
        _certificate = ownedCertificate;
        _serverKey = serverKey;
        _log = log;
        _state = state;
        Faults = faults;
        Callbacks = new EmulatorCallbacks(state.Events.Dispatcher);
        BaseAddress = baseAddress;
        Pin = EmulatorCertificate.PinOf(certificate);
        CertificatePem = certificate.ExportCertificatePem() + "\n";
    }

    /// <summary><c>https://127.0.0.1:PORT/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The SPKI pin of the emulator's certificate, <c>sha256/BASE64</c>.</summary>
    public string Pin { get; }

    /// <summary>The emulator's TLS certificate as PEM (no key), for clients that trust a certificate rather than a pin.</summary>
    public string CertificatePem { get; }

    /// <summary>The PEM of the key the emulator signs responses with (<c>server_public_key</c>).</summary>
    public string ServerPublicKeyPem => _serverKey.PublicKeyPem;

    /// <summary>Fault injection.</summary>
    public EmulatorFaults Faults { get; }

    /// <summary>The callbacks sent to <c>notification-filter-url</c> targets, with their tries and outcomes.</summary>
    public EmulatorCallbacks Callbacks { get; }

    /// <summary>The requests answered so far, in order: the newest <see cref="BunqEmulatorOptions.RequestLogCapacity"/>.</summary>
    public IReadOnlyList<EmulatorRequest> Requests => _log.Snapshot().Select(r => r.Public).ToArray();

    /// <summary>The routes served, as <c>VERB /v1/path</c>, for checking against bunq's published API.</summary>
    public IReadOnlyList<string> Routes =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RouteRule>() is not null) // bunq's API only, not its OAuth hosts
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => m + " " + e.RoutePattern.RawText))
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>The routes with modelled state and rules (the rest answer from bunq's catalogue), as <c>VERB /v1/path</c>.</summary>
    internal IReadOnlyList<string> ModelledRoutes =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RouteRule>() is { FromCatalogue: false })
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => m + " " + e.RoutePattern.RawText))
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>The inspector page, <c>https://127.0.0.1:PORT/_emulator/</c>; null when <see cref="BunqEmulatorOptions.Inspector"/> is off.</summary>
    public Uri? InspectorAddress { get; private init; }

    /// <summary>The contract line the executable prints.</summary>
    public string ListeningLine => $"Bunq emulator listening on {BaseAddress} pin {Pin}";

    /// <summary>Starts an emulator.</summary>
    public static async Task<BunqEmulator> StartAsync(BunqEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BunqEmulatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FirstId, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RequestLogCapacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RequestIdCapacity, 1, nameof(options));
        EmulatorStateFile? persistence = options.DataDirectory is { } directory ? new EmulatorStateFile(directory) : null;
        persistence?.Secure();
        // The process's shared signing key is generated (once) beside the host's set-up rather than before it.
        Task<ServerKey> serverKeyTask = persistence is null
            ? Task.Run(() => new ServerKey(), cancellationToken)
            : Task.FromResult(new ServerKey(persistence.LoadOrCreateServerKey()));
        X509Certificate2? ownedCertificate = null;
        EmulatorState? state = null;
        try
        {
            ownedCertificate = options.Certificate is null ? persistence?.LoadOrCreateCertificate(() => EmulatorCertificate.Create(TimeProvider.System)) : null;
            state = new EmulatorState(options);
            persistence?.Load(state);
            return await StartWithAsync(options, persistence, serverKeyTask, ownedCertificate, state, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A later step failed (the state file, the port): what was made or loaded here has no emulator to own it.
            if (state is not null)
            {
                await state.Events.DisposeAsync().ConfigureAwait(false); // the callback dispatcher's HTTP client
            }

            ownedCertificate?.Dispose();
            if (serverKeyTask.IsCompletedSuccessfully)
            {
                serverKeyTask.Result.Dispose(); // disposes only a data directory's own key, never the shared one
            }
            throw;
        }
    }

    private static async Task<BunqEmulator> StartWithAsync(BunqEmulatorOptions options, EmulatorStateFile? persistence, Task<ServerKey> serverKeyTask,
        X509Certificate2? ownedCertificate, EmulatorState state, CancellationToken cancellationToken)
    {
        X509Certificate2 certificate = options.Certificate ?? ownedCertificate ?? EmulatorCertificate.Shared();
        var faults = new EmulatorFaults();
        var log = new RequestLog(options.RequestLogCapacity);

        // An empty host: Kestrel and routing, nothing else. The slim builder would also read appsettings*.json and
        // environment variables from the process that embeds the emulator (a test project's "Kestrel" or "AllowedHosts"
        // settings would reach it) and watch the current folder for changes, at each start.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        if (options.InlineScheduling)
        {
            // The executable's setting (with the runtime's inline socket completions, set in its Program.cs): a request
            // is read, answered and written on the thread its bytes arrived on, rather than handed across three queues.
            builder.Services.Configure<SocketTransportOptions>(o => o.UnsafePreferInlineScheduling = true);
        }

        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        if (options.LogToStandardError)
        {
            // The executable: the emulator's own warnings and errors (an unexpected failure) on stderr; the host's start-up
            // errors are already said in one line by the executable, and a clean run stays quiet.
            builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning && category?.StartsWith("Bunq.Emulator", StringComparison.Ordinal) == true)
                .AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        ServerKey serverKey = await serverKeyTask.ConfigureAwait(false);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(options.ListenAddress, options.Port, l => l.UseHttps(certificate)));
        builder.Services.AddSingleton(state).AddSingleton(faults).AddSingleton(serverKey).AddSingleton(log)
            .AddSingleton(new RateLimits(options.TimeProvider));
        if (persistence is not null)
        {
            builder.Services.AddSingleton(persistence);
        }

        WebApplication app = builder.Build();
        if (options.Inspector)
        {
            app.UseMiddleware<InspectorMiddleware>(); // before the protocol: /_emulator/ is not bunq's API
        }

        app.UseMiddleware<RequestLogMiddleware>();

        app.UseRouting();
        // bunq's OAuth hosts speak plain OAuth: no bunq tokens, signatures or envelope.
        app.UseWhen(context => !OAuthEndpoint.Owns(context), branch => branch.UseMiddleware<ProtocolMiddleware>());
        ContextRoutes.Map(app, state, serverKey);
        UserRoutes.Map(app, state);
        AccountRoutes.Map(app, state);
        PaymentRoutes.Map(app, state);
        RequestRoutes.Map(app, state);
        DraftPaymentRoutes.Map(app, state);
        ScheduleRoutes.Map(app, state);
        BunqMeTabRoutes.Map(app, state);
        CardRoutes.Map(app, state);
        CredentialRoutes.Map(app, state);
        Psd2Routes.Map(app, state);
        OAuthClientRoutes.Map(app, state);
        OAuthRoutes.Map(app, state);
        EventRoutes.Map(app, state);
        NotificationFilterRoutes.Map(app, state);
        FileRoutes.Map(app, state);
        GenericRoutes.Map(app, state); // last: every catalogue operation the routes above do not model
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new BunqEmulator(app, ownedCertificate, serverKey, log, state, faults, certificate, new Uri(address.TrimEnd('/') + "/v1/"))
            {
                InspectorAddress = options.Inspector ? new Uri(address.TrimEnd('/') + InspectorMiddleware.Prefix + "/") : null,
                _persistence = persistence,
            };
        }
        catch
        {
            // Until the emulator owns it, a host that failed to start (the port taken) or started (a later step failed)
            // is disposed here: Kestrel's sockets and heartbeat go with it. The caller's catch releases the rest.
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates a sandbox user with one EUR account, as <c>POST /sandbox-user-person</c> does, and returns its API key.</summary>
    public string CreateSandboxUser()
    {
        lock (_state.Gate)
        {
            return _state.CreateSandboxUser();
        }
    }

    /// <summary>
    /// Turns on "Allow all IP addresses" for an API key, as the switch in bunq's app does: the only way, besides a first
    /// device-server asking for <c>*</c>, to go from concrete IPs to every IP.
    /// </summary>
    public void AllowAllIpAddresses(string apiKey)
    {
        lock (_state.Gate)
        {
            if (!_state.ApiKeys.TryGetValue(apiKey, out ApiKey? key))
            {
                throw new ArgumentException("No such API key in this emulator.", nameof(apiKey));
            }

            key.AllowAllIps = true;
        }
    }

    /// <summary>Ends every open session server-side, as bunq does when a user logs out or changes auto-logout.</summary>
    public void EndAllSessions()
    {
        lock (_state.Gate)
        {
            _state.SessionsByToken.Clear();
        }
    }

    /// <summary>
    /// Stops the server and releases what it holds: the host, the callback dispatcher's HTTP client, the certificate and
    /// key it made. Each step runs whatever an earlier one threw, and the first error is thrown afterwards; a second
    /// call (an <c>await using</c> after an explicit dispose) does nothing.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        ExceptionDispatchInfo? first = null;
        async ValueTask Release(Func<ValueTask> step)
        {
            try
            {
                await step().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                first ??= ExceptionDispatchInfo.Capture(e);
            }
        }

        await Release(async () => await _app.StopAsync().ConfigureAwait(false)).ConfigureAwait(false);
        await Release(_app.DisposeAsync).ConfigureAwait(false);
        await Release(_state.Events.DisposeAsync).ConfigureAwait(false);
        await Release(() => { _certificate?.Dispose(); return ValueTask.CompletedTask; }).ConfigureAwait(false);
        await Release(() => { _serverKey.Dispose(); return ValueTask.CompletedTask; }).ConfigureAwait(false);
        first?.Throw();
    }

}
