using System.Text.Json.Serialization.Metadata;
using Refit;

namespace Bunq;

/// <summary>
/// Creates API contexts: key pair, <c>installation</c>, <c>device-server</c>, <c>session-server</c>; and opens new
/// sessions on an existing context. Sends through the client's own pipeline (<paramref name="http"/>: one limiter, one
/// transport, one set of headers), supplying on each request the credentials known so far.
/// </summary>
/// <param name="options">The client's options.</param>
/// <param name="http">The client's <see cref="HttpClient"/> over its pipeline; asked for per call (DI's factory rotates handlers).</param>
internal sealed class BunqContextBootstrapper(BunqOptions options, Func<HttpClient> http)
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
            BunqEnvelope installation = await Api<IBunqAnonymousApi>()
                .CreateInstallationAsync(new BunqInstallationRequest(clientKey.PublicKeyPem), cancellationToken).ConfigureAwait(false);
            var token = new BunqSecret(installation.Get("Token", TypeInfo<BunqToken>()).Token);
            var serverKey = BunqServerPublicKey.FromPem(installation.Get("ServerPublicKey", TypeInfo<BunqServerPublicKeyItem>()).ServerPublicKey);

            var credentials = new BunqCredentials(clientKey, serverKey, token);
            apiKey ??= await BunqPsd2Credential.CreateAsync(
                Api<IBunqPsd2Api>(), psd2!, credentials, TypeInfo<BunqPsd2CredentialItem>(), cancellationToken).ConfigureAwait(false);
            await Api<IBunqContextApi>().CreateDeviceServerAsync(
                new BunqDeviceServerRequest(options.DeviceDescription, apiKey.Reveal(), options.PermittedIps.ToArray()),
                credentials, cancellationToken).ConfigureAwait(false);

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
        DateTimeOffset openedAt = options.TimeProvider.GetUtcNow();
        BunqEnvelope envelope = await Api<IBunqContextApi>()
            .CreateSessionServerAsync(new BunqSessionServerRequest(context.ApiKey.Reveal()), credentials, cancellationToken).ConfigureAwait(false);
        long sessionId = envelope.Get("Id", TypeInfo<BunqId>()).Id;
        var token = new BunqSecret(envelope.Get("Token", TypeInfo<BunqToken>()).Token);
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
        await Api<IBunqContextApi>().DeleteSessionAsync(session.Id, credentials, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> CreateSandboxUserAsync(CancellationToken cancellationToken) =>
        (await Api<IBunqAnonymousApi>().CreateSandboxUserPersonAsync(cancellationToken).ConfigureAwait(false)).ApiKey;

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

    private T Api<T>()
        where T : class => RestService.ForGenerated<T>(http(), BunqRefit.Settings(_json));

    private JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_json.Options.GetTypeInfo(typeof(T));
}
