using System.Text.Json.Serialization.Metadata;
using Refit;

namespace Bunq;

/// <summary>
/// Creates API contexts: key pair, <c>installation</c>, <c>device-server</c>, <c>session-server</c>; and opens new
/// sessions on an existing context. Talks to bunq through the same handler chain as every other call.
/// </summary>
internal sealed class BunqContextBootstrapper(BunqOptions options, HttpMessageHandler transport)
{
    private readonly BunqContentSerializer _json = new(options.JsonTypeInfoResolver);

    public async Task<BunqApiContext> CreateAsync(CancellationToken cancellationToken)
    {
        BunqPsd2Certificate? psd2 = options.Psd2Certificate;
        bool hasKey = options.ApiKey is { Length: > 0 };
        BunqSecret? apiKey = (hasKey, psd2) switch
        {
            (true, null) => new BunqSecret(options.ApiKey!),
            (false, not null) => null, // the PSD2 credential's token, once the installation exists
            (true, not null) => throw new BunqConfigurationException(
                "Set either BunqOptions.ApiKey or BunqOptions.Psd2Certificate, not both: a PSD2 context's secret is the token bunq issues for the certificate."),
            _ => throw new BunqConfigurationException(
                "An API key is needed to create a bunq API context: set BunqOptions.ApiKey (or BunqOptions.Psd2Certificate for a PSD2 provider)."),
        };
        Uri baseAddress = options.ResolveBaseAddress();
        var clientKey = BunqKeyPair.Generate();
        try
        {
            var state = new PartialContext(clientKey);
            using HttpClient http = Client(state, baseAddress);
            BunqEnvelope installation = await Api<IBunqAnonymousApi>(http)
                .CreateInstallationAsync(new BunqInstallationRequest(clientKey.PublicKeyPem), cancellationToken).ConfigureAwait(false);
            state.Token = new BunqSecret(installation.Get("Token", TypeInfo<BunqToken>()).Token);
            state.ServerKey = BunqServerPublicKey.FromPem(installation.Get("ServerPublicKey", TypeInfo<BunqServerPublicKeyItem>()).ServerPublicKey);

            apiKey ??= await BunqPsd2Credential.CreateAsync(
                Api<IBunqPsd2Api>(http), psd2!, clientKey, state.Token, TypeInfo<BunqPsd2CredentialItem>(), cancellationToken).ConfigureAwait(false);
            await Api<IBunqContextApi>(http).CreateDeviceServerAsync(
                new BunqDeviceServerRequest(options.DeviceDescription, apiKey.Reveal(), options.PermittedIps.ToArray()), cancellationToken).ConfigureAwait(false);

            var context = new BunqApiContext(baseAddress, clientKey, state.ServerKey, state.Token, apiKey, session: null) { Psd2Certificate = psd2 };
            return context.WithSession(await OpenSessionAsync(context, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            clientKey.Dispose();
            throw;
        }
    }

    public async Task<BunqSession> OpenSessionAsync(BunqApiContext context, CancellationToken cancellationToken)
    {
        var state = new PartialContext(context.ClientKey) { ServerKey = context.ServerKey, Token = context.InstallationToken };
        using HttpClient http = Client(state, context.BaseAddress);
        DateTimeOffset openedAt = options.TimeProvider.GetUtcNow();
        BunqEnvelope envelope = await Api<IBunqContextApi>(http)
            .CreateSessionServerAsync(new BunqSessionServerRequest(context.ApiKey.Reveal()), cancellationToken).ConfigureAwait(false);
        long sessionId = envelope.Get("Id", TypeInfo<BunqId>()).Id;
        var token = new BunqSecret(envelope.Get("Token", TypeInfo<BunqToken>()).Token);
        (long userId, long? timeout) = ReadUser(envelope);
        // bunq documents a one-week default auto-logout; a user object without session_timeout gets that.
        return new BunqSession(sessionId, token, userId, openedAt.AddSeconds(timeout ?? 604_800));
    }

    public async Task CloseSessionAsync(BunqApiContext context, CancellationToken cancellationToken)
    {
        if (context.Session is not { } session)
        {
            return;
        }

        var state = new PartialContext(context.ClientKey) { ServerKey = context.ServerKey, Token = session.Token };
        using HttpClient http = Client(state, context.BaseAddress);
        await Api<IBunqContextApi>(http).DeleteSessionAsync(session.Id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> CreateSandboxUserAsync(CancellationToken cancellationToken)
    {
        using var key = BunqKeyPair.Generate();
        using HttpClient http = Client(new PartialContext(key), options.ResolveBaseAddress());
        return (await Api<IBunqAnonymousApi>(http).CreateSandboxUserPersonAsync(cancellationToken).ConfigureAwait(false)).ApiKey;
    }

    /// <summary>The user id for routes and the session timeout, from whichever user object bunq returned.</summary>
    private (long UserId, long? Timeout) ReadUser(BunqEnvelope envelope)
    {
        if (envelope.TryGet("UserApiKey", TypeInfo<BunqUserApiKey>(), out BunqUserApiKey? apiKeyUser))
        {
            long? timeout = apiKeyUser.RequestedByUser?.Values.FirstOrDefault()?.SessionTimeout;
            return (apiKeyUser.Id, timeout);
        }

        foreach (string kind in new[] { "UserPerson", "UserCompany", "UserPaymentServiceProvider" })
        {
            if (envelope.TryGet(kind, TypeInfo<BunqUserSummary>(), out BunqUserSummary? user))
            {
                return (user.Id, user.SessionTimeout);
            }
        }

        throw new BunqException(
            $"bunq's session-server response has no user object (items: {string.Join(", ", envelope.Items.Select(i => i.TypeName))}).");
    }

    private HttpClient Client(PartialContext state, Uri baseAddress) =>
        new(BunqHttp.CreatePipeline(options, state, manifest: null, new NonDisposingHandler(transport)), disposeHandler: true) { BaseAddress = baseAddress };

    private T Api<T>(HttpClient http)
        where T : class => RestService.ForGenerated<T>(http, BunqRefit.Settings(_json));

    private JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_json.Options.GetTypeInfo(typeof(T));

    /// <summary>The credentials known so far while a context is being made.</summary>
    private sealed class PartialContext(BunqKeyPair clientKey) : IBunqSessionProvider
    {
        public BunqServerPublicKey? ServerKey { get; set; }

        public BunqSecret? Token { get; set; }

        public ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new BunqCredentials(clientKey, ServerKey, Token));
    }

    /// <summary>Lets short-lived pipelines share the long-lived transport without disposing it.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
            // the transport belongs to the connection, not to this pipeline
        }
    }
}

/// <summary>Refit settings for bunq.</summary>
internal static class BunqRefit
{
    public static RefitSettings Settings(BunqContentSerializer serializer)
    {
        var settings = new RefitSettings
        {
            ContentSerializer = serializer,
            // A body is serialized once into a byte array and sent as that array; the signing handler signs those very
            // bytes. (Refit's Buffered = true would copy them into a second buffer first.)
            RequestBodySerialization = RequestBodySerializationMode.Buffered,
        };
        var fallback = settings.TransportExceptionFactory;
        // Our handlers' exceptions are already typed and say what happened; Refit would wrap them in ApiRequestException.
        settings.TransportExceptionFactory = (request, exception, cancellationToken) =>
            exception is BunqException || fallback is null ? exception : fallback(request, exception, cancellationToken);
        // A verified 2xx whose body is not the JSON the method declares is still bunq's answer: say so, typed.
        settings.DeserializationExceptionFactory = (response, exception) => ValueTask.FromResult<Exception?>(exception as BunqException
            ?? new BunqException($"bunq's {(int)response.StatusCode} response could not be read as the method's return type: {exception.Message}", exception));
        return settings;
    }
}
