using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Bunq.Emulator;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// A hand-driven API context: installation → device-server → session-server as plain calls through bunq's handler
/// chain, so the wire protocol is proven without the bootstrapper.
/// </summary>
internal sealed class ManualContext : IBunqSessionProvider, IDisposable
{
    private static readonly BunqContentSerializer Json = new();

    public ManualContext(BunqEmulator emulator, IPAddress? localAddress = null, Func<string>? requestIds = null)
    {
        Emulator = emulator;
        // These tests prove the server side of the protocol: no client-side limiting or retries in between.
        Options = new BunqOptions { BaseAddress = emulator.BaseAddress, LocalAddress = localAddress, RateLimits = BunqRateLimits.None, Retry = BunqRetryOptions.None };
        Options.CertificatePins.Add(emulator.Pin);
        if (requestIds is not null)
        {
            Options.RequestIdFactory = requestIds;
        }

        Client = BunqHttp.CreateClient(Options, this);
    }

    public BunqEmulator Emulator { get; }

    public BunqOptions Options { get; }

    public HttpClient Client { get; }

    public BunqKeyPair ClientKey { get; } = BunqKeyPair.Generate();

    public BunqServerPublicKey? ServerKey { get; set; }

    public BunqSecret? InstallationToken { get; set; }

    public BunqSecret? SessionToken { get; set; }

    public string? ApiKey { get; set; }

    public long UserId { get; set; }

    public ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new BunqCredentials(ClientKey, ServerKey,
            authentication == BunqAuthentication.Installation ? InstallationToken : SessionToken));

    public async Task<string> CreateSandboxUserAsync()
    {
        using HttpResponseMessage response = await Client.PostAsync("sandbox-user-person", null);
        return ApiKey = (await ReadAsync<BunqSandboxApiKey>(response)).ApiKey;
    }

    public async Task InstallAsync()
    {
        using HttpResponseMessage response = await Client.PostAsync("installation", Body(new BunqInstallationRequest(ClientKey.PublicKeyPem)));
        BunqEnvelope envelope = await ReadAsync<BunqEnvelope>(response);
        InstallationToken = new BunqSecret(envelope.Get("Token", TypeInfo<BunqToken>()).Token);
        ServerKey = BunqServerPublicKey.FromPem(envelope.Get("ServerPublicKey", TypeInfo<BunqServerPublicKeyItem>()).ServerPublicKey);
    }

    public async Task RegisterDeviceAsync(params string[] permittedIps)
    {
        using HttpResponseMessage response = await Client.PostAsync("device-server",
            Body(new BunqDeviceServerRequest("end-to-end test", ApiKey!, permittedIps)));
        Assert.True((await ReadAsync<BunqId>(response)).Id > 0);
    }

    public async Task<BunqUserSummary> OpenSessionAsync()
    {
        using HttpResponseMessage response = await Client.PostAsync("session-server", Body(new BunqSessionServerRequest(ApiKey!)));
        BunqEnvelope envelope = await ReadAsync<BunqEnvelope>(response);
        SessionToken = new BunqSecret(envelope.Get("Token", TypeInfo<BunqToken>()).Token);
        BunqUserSummary user = envelope.Get("UserPerson", TypeInfo<BunqUserSummary>());
        UserId = user.Id;
        return user;
    }

    /// <summary>Sandbox user, installation, device (with <paramref name="permittedIps"/>) and session.</summary>
    public async Task CreateAllAsync(params string[] permittedIps)
    {
        await CreateSandboxUserAsync();
        await InstallAsync();
        await RegisterDeviceAsync(permittedIps);
        await OpenSessionAsync();
    }

    public static HttpContent Body<T>(T value) => Json.ToHttpContent(value);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        Json.Read<T>(await response.Content.ReadAsByteArrayAsync());

    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Json.Options.GetTypeInfo(typeof(T));

    public void Dispose()
    {
        Client.Dispose();
        ClientKey.Dispose();
        ServerKey?.Dispose();
    }
}
