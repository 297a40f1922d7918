using System.Net;
using System.Security.Cryptography;

namespace Bunq.Testing;

/// <summary>
/// An in-memory bunq for measuring the client's own cost: a session provider that always hands out the same session
/// (the client's key, bunq's server key, a token) and a transport that answers every request at once with the same
/// signed body, as bunq does for a created payment (<c>{"Response":[{"Id":{"id":1561}}]}</c>). Over it every handler of
/// the pipeline completes synchronously, so a caller's thread sees the whole call. Linked into the benchmarks (P1) and
/// the client tests' allocation guard, which must measure the same thing.
/// </summary>
internal sealed class InMemoryBunq : IDisposable
{
    private readonly BunqKeyPair _key;
    private readonly string _responseSignatureBase64;

    public InMemoryBunq(Uri baseAddress)
    {
        Options = new BunqOptions { BaseAddress = baseAddress, RateLimits = BunqRateLimits.None };
        ResponseSignature = ServerKey.SignData(ResponseBody, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _responseSignatureBase64 = Convert.ToBase64String(ResponseSignature);
        _key = BunqKeyPair.FromPkcs8Pem(new string(PemEncoding.Write("PRIVATE KEY", ClientKey.ExportPkcs8PrivateKey())));
        Sessions = new FixedSessions(new BunqCredentials(_key, BunqServerPublicKey.FromPem(ServerKey.ExportSubjectPublicKeyInfoPem()), new BunqSecret("session-token")));
    }

    /// <summary>The client's installation key (what signs requests).</summary>
    public RSA ClientKey { get; } = RSA.Create(2048);

    /// <summary>bunq's server key (what signs the answer).</summary>
    public RSA ServerKey { get; } = RSA.Create(2048);

    /// <summary>The one answer body, and its signature by <see cref="ServerKey"/>.</summary>
    public byte[] ResponseBody { get; } = """{"Response":[{"Id":{"id":1561}}]}"""u8.ToArray();

    public byte[] ResponseSignature { get; }

    /// <summary>The options both clients use: this base address, rate limits off (nothing to wait for in memory).</summary>
    public BunqOptions Options { get; }

    public IBunqSessionProvider Sessions { get; }

    /// <summary>
    /// The client over the whole bunq pipeline, as <c>BunqConnection</c> builds it (<c>BunqHttp.Configure</c>: no
    /// <c>HttpClient</c> timeout, bunq's standard headers as the client's defaults).
    /// </summary>
    public HttpClient SignedClient() =>
        BunqHttp.Configure(new HttpClient(BunqHttp.CreatePipeline(Options, Sessions, transport: new SignedAnswers(ResponseBody, _responseSignatureBase64))), Options.ResolveBaseAddress(), Options);

    /// <summary>A client over the same transport without any bunq handler: what Refit and <c>HttpClient</c> cost alone.</summary>
    public HttpClient PlainClient() =>
        new(new SignedAnswers(ResponseBody, _responseSignatureBase64)) { BaseAddress = Options.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The generated Refit client <typeparamref name="T"/> over <paramref name="http"/>, with the library's Refit settings.</summary>
    public static T Api<T>(HttpClient http) where T : class => Refit.RestService.ForGenerated<T>(http, BunqRefit.Settings(new BunqContentSerializer()));

    public void Dispose()
    {
        _key.Dispose();
        ClientKey.Dispose();
        ServerKey.Dispose();
    }

    private sealed class FixedSessions(BunqCredentials credentials) : IBunqSessionProvider
    {
        public ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
    }

    /// <summary>The transport: every request answered at once with the same signed body. Its frames are the benchmarks' "(transport)".</summary>
    internal sealed class SignedAnswers(byte[] body, string signature) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body), RequestMessage = request };
            response.Headers.TryAddWithoutValidation(BunqHeaders.ServerSignature, signature);
            return Task.FromResult(response);
        }
    }
}
