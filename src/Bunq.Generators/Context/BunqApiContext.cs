namespace Bunq;

/// <summary>
/// bunq's API context: the key pair, the installation and its server key, the API key, and the current session.
/// Immutable; a refreshed session makes a new instance. <see cref="ToString"/> shows no secret.
/// </summary>
public sealed class BunqApiContext
{
    /// <summary>Creates a context (the bootstrapper and the stores make them; tests through InternalsVisibleTo).</summary>
    internal BunqApiContext(Uri baseAddress, BunqKeyPair clientKey, BunqServerPublicKey serverKey, BunqSecret installationToken, BunqSecret apiKey, BunqSession? session)
    {
        BaseAddress = baseAddress;
        ClientKey = clientKey;
        ServerKey = serverKey;
        InstallationToken = installationToken;
        ApiKey = apiKey;
        Session = session;
    }

    /// <summary>The base address the context was created against; a context only works there.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The client key pair registered by <c>POST /installation</c>.</summary>
    public BunqKeyPair ClientKey { get; }

    /// <summary>bunq's key for verifying responses.</summary>
    public BunqServerPublicKey ServerKey { get; }

    /// <summary>The installation token (device-server, session-server).</summary>
    public BunqSecret InstallationToken { get; }

    /// <summary>The API key or OAuth access token the device is registered with; needed to open new sessions.</summary>
    public BunqSecret ApiKey { get; }

    /// <summary>The current session, if one is open.</summary>
    public BunqSession? Session { get; }

    /// <summary>
    /// For a PSD2 provider's context: the certificate it was registered with (then <see cref="ApiKey"/> is the token bunq
    /// issued for it). Stored with the context, its private key encrypted like the installation key.
    /// </summary>
    public BunqPsd2Certificate? Psd2Certificate { get; init; }

    /// <summary>The same context with another session.</summary>
    public BunqApiContext WithSession(BunqSession? session) =>
        new(BaseAddress, ClientKey, ServerKey, InstallationToken, ApiKey, session) { Psd2Certificate = Psd2Certificate };

    /// <summary>Shows no secret.</summary>
    public override string ToString() => $"BunqApiContext({BaseAddress}, session: {Session?.ToString() ?? "none"})";
}
