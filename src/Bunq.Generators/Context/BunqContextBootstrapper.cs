using System.Text.Json.Serialization.Metadata;
using Refit;

namespace Bunq;

/// <summary>
/// Creates API contexts: key pair, <c>installation</c>, <c>device-server</c>, <c>session-server</c>; and opens new
/// sessions on an existing context. Each call goes through a chain of the client's own stages, over the client's parts
/// and transport (one limiter, one connection pool, one set of headers, one serializer), whose session provider is the
/// credentials known so far (<see cref="BunqKnownCredentials"/>) instead of the session manager: nothing loops back, and
/// no request carries credentials in its options.
/// </summary>
/// <param name="parts">The client's shared parts.</param>
/// <param name="transport">The client's transport: shared, never disposed here.</param>
internal sealed class BunqContextBootstrapper(BunqPipelineParts parts, HttpMessageHandler transport)
{
    private readonly BunqOptions _options = parts.Options;

    public async Task<BunqApiContext> CreateAsync(CancellationToken cancellationToken)
    {
        BunqPsd2Certificate? psd2 = _options.Psd2Certificate;
        // null for a PSD2 context: the credential's token, once the installation exists
        BunqSecret? apiKey = parts.Settings.NewContextApiKey();
        Uri baseAddress = parts.BaseAddress;
        var clientKey = BunqKeyPair.Generate();
        try
        {
            BunqEnvelope installation = await Api<IBunqAnonymousApi>(BunqKnownCredentials.None)
                .CreateInstallationAsync(new BunqInstallationRequest(clientKey.PublicKeyPem), cancellationToken).ConfigureAwait(false);
            BunqSecret token = Token(installation.Get("Token", TypeInfo<BunqToken>()).Token, "installation");
            var serverKey = BunqServerPublicKey.FromPem(installation.Get("ServerPublicKey", TypeInfo<BunqServerPublicKeyItem>()).ServerPublicKey);

            var credentials = new BunqCredentials(clientKey, serverKey, token);
            apiKey ??= await BunqPsd2Credential.CreateAsync(
                Api<IBunqPsd2Api>(credentials), psd2!, credentials, TypeInfo<BunqPsd2CredentialItem>(), cancellationToken).ConfigureAwait(false);
            await Api<IBunqContextApi>(credentials).CreateDeviceServerAsync(
                new BunqDeviceServerRequest(_options.DeviceDescription, apiKey.Reveal(), _options.PermittedIps.ToArray()), cancellationToken).ConfigureAwait(false);

            var context = new BunqApiContext(baseAddress, clientKey, serverKey, token, apiKey, session: null) { Psd2Certificate = psd2?.Copy() };
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
        var credentials = new BunqCredentials(context.ClientKey, context.ServerKey, context.InstallationToken);
        // bunq counts the session's lifetime from its creation, which is after this moment: the expiry errs early.
        DateTimeOffset openedAt = _options.TimeProvider.GetUtcNow();
        BunqEnvelope envelope = await Api<IBunqContextApi>(credentials)
            .CreateSessionServerAsync(new BunqSessionServerRequest(context.ApiKey.Reveal()), cancellationToken).ConfigureAwait(false);
        long sessionId = envelope.Get("Id", TypeInfo<BunqId>()).Id;
        BunqSecret token = Token(envelope.Get("Token", TypeInfo<BunqToken>()).Token, "session-server");
        (long userId, long? timeout) = ReadUser(envelope);
        // bunq documents a one-week default auto-logout; a user object without session_timeout gets that.
        TimeSpan lifetime = TimeSpan.FromSeconds(timeout ?? 604_800);
        return new BunqSession(sessionId, token, userId, openedAt + lifetime) { Timeout = lifetime };
    }

    public async Task CloseSessionAsync(BunqApiContext context, CancellationToken cancellationToken)
    {
        if (context.Session is not { } session)
        {
            return;
        }

        var credentials = new BunqCredentials(context.ClientKey, context.ServerKey, session.Token);
        await Api<IBunqContextApi>(credentials).DeleteSessionAsync(session.Id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> CreateSandboxUserAsync(CancellationToken cancellationToken) =>
        (await Api<IBunqAnonymousApi>(BunqKnownCredentials.None).CreateSandboxUserPersonAsync(cancellationToken).ConfigureAwait(false)).ApiKey;

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
            $"bunq's session-server response has no user object (items: {envelope.ItemNames()}).");
    }

    /// <summary>
    /// A token from bunq's answer; an empty or blank one, or one with anything but printable ASCII (bunq's tokens are hex;
    /// the installation answer cannot be verified, and the token goes into a header of every later call), is bunq's
    /// answer being wrong, said so (never the value).
    /// </summary>
    private static BunqSecret Token(string? value, string call) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new BunqException($"bunq's {call} response has an empty token; no context was made from it. Try again later; if it persists, bunq's answer is malformed.")
            : !BunqHeaderValues.IsToken(value)
                ? throw new BunqException($"bunq's {call} response has a token with characters a header cannot carry; no context was made from it. Try again later; if it persists, bunq's answer is malformed.")
                : new BunqSecret(value);

    // A chain per context call: a handful of small handlers over the shared parts, for a call made a few times a day.
    // The HttpClient does not own the chain (the transport is the client's), and the chain owns nothing to release.
    private T Api<T>(IBunqSessionProvider credentials)
        where T : class
    {
        // the chain times each attempt and the whole call, and sets the headers; Configure makes it the same client as the endpoints'
        HttpClient http = BunqHttp.Configure(new HttpClient(BunqPipeline.Build(parts, credentials, transport), disposeHandler: false), parts.BaseAddress, parts.Options);
        return RestService.ForGenerated<T>(http, parts.RefitSettings);
    }

    private T Api<T>(BunqCredentials credentials)
        where T : class => Api<T>(new BunqKnownCredentials(credentials));

    private JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)parts.Serializer.Options.GetTypeInfo(typeof(T));
}

/// <summary>
/// The session provider of a context call: the keys and token known so far, sent as they are. The call that makes the
/// installation has none (<see cref="None"/>), and its token kind needs none.
/// </summary>
internal sealed class BunqKnownCredentials(BunqCredentials? credentials) : IBunqSessionProvider
{
    public static readonly BunqKnownCredentials None = new(null);

    public ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken) =>
        credentials is not null
            ? ValueTask.FromResult(credentials)
            : throw new BunqException("This call needs a bunq API context; the context calls made before one exists need none.");
}
