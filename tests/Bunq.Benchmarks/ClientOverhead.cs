using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Refit;

namespace Bunq.Benchmarks;

[BunqEndpoint, Signed]
public interface IBenchPayments
{
    [Post("/user/{userId}/monetary-account/{accountId}/payment")]
    Task<BunqId> CreateAsync(long userId, long accountId, [Body] BenchPayment payment, CancellationToken cancellationToken = default);
}

public sealed record BenchPayment(BunqAmount Amount, BunqPointer CounterpartyAlias, string Description);

/// <summary>
/// P1: one signed request through the whole handler pipeline and the Refit generated client, over an in-memory
/// transport (1 KiB JSON body, signed response), against the floor: RSA.SignData + RSA.VerifyData on the same bytes.
/// </summary>
[MemoryDiagnoser]
public class ClientOverhead
{
    private readonly RSA _client = RSA.Create(2048);
    private readonly RSA _server = RSA.Create(2048);
    private byte[] _requestBody = [];
    private byte[] _responseBody = [];
    private byte[] _responseSignature = [];
    private string _responseSignatureBase64 = "";
    private BenchPayment _payment = null!;
    private IBenchPayments _api = null!;
    private IBenchPayments _plainApi = null!;
    private HttpClient _http = null!;
    private HttpClient _plainHttp = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payment = new BenchPayment(BunqAmount.Of(12.5m, "EUR"), new BunqPointer { Type = "EMAIL", Value = "bravo@bunq.com", Name = "Bravo" }, new string('x', 900));
        _requestBody = new BunqContentSerializer().ToHttpContent(_payment).ReadAsByteArrayAsync().GetAwaiter().GetResult();
        _responseBody = Encoding.UTF8.GetBytes("""{"Response":[{"Id":{"id":1561}}]}""");
        _responseSignature = _server.SignData(_responseBody, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _responseSignatureBase64 = Convert.ToBase64String(_responseSignature);

        var options = new BunqOptions { BaseAddress = new Uri("https://bunq.bench/v1/"), RateLimits = BunqRateLimits.None };
        var sessions = new FixedSessions(BunqKeyPair.FromPkcs8Pem(new string(PemEncoding.Write("PRIVATE KEY", _client.ExportPkcs8PrivateKey()))),
            BunqServerPublicKey.FromPem(_server.ExportSubjectPublicKeyInfoPem()));
        // As BunqConnection builds it (BunqHttp.Configure: no HttpClient timeout, bunq's standard headers as the client's
        // defaults), with the library's Refit settings.
        _http = BunqHttp.Configure(new HttpClient(BunqHttp.CreatePipeline(options, sessions, transport: new InMemoryBunq(this))), options.ResolveBaseAddress(), options);
        _api = RestService.ForGenerated<IBenchPayments>(_http, BunqRefit.Settings(new BunqContentSerializer()));
        _plainHttp = new HttpClient(new InMemoryBunq(this)) { BaseAddress = options.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _plainApi = RestService.ForGenerated<IBenchPayments>(_plainHttp, BunqRefit.Settings(new BunqContentSerializer()));
    }

    public int RequestBodyBytes => _requestBody.Length;

    [Benchmark(Baseline = true, Description = "RSA sign + verify (floor)")]
    public bool SignAndVerify()
    {
        byte[] signature = _client.SignData(_requestBody, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signature.Length > 0 && _server.VerifyData(_responseBody, _responseSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    [Benchmark(Description = "generated client, full pipeline")]
    public async Task<long> FullPipeline() => (await _api.CreateAsync(1, 2, _payment)).Id;

    /// <summary>The same Refit client and transport without any bunq handler: what Refit and HttpClient allocate alone.</summary>
    [Benchmark(Description = "same client without bunq handlers (not signed)")]
    public async Task<long> RefitAlone() => (await _plainApi.CreateAsync(1, 2, _payment)).Id;

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _plainHttp.Dispose();
        _client.Dispose();
        _server.Dispose();
    }

    private sealed class FixedSessions(BunqKeyPair key, BunqServerPublicKey server) : IBunqSessionProvider
    {
        private readonly BunqCredentials _credentials = new(key, server, new BunqSecret("session-token"));

        public ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken) => ValueTask.FromResult(_credentials);
    }

    /// <summary>Answers every request with the same signed body, as bunq would for a created payment.</summary>
    private sealed class InMemoryBunq(ClientOverhead owner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(owner._responseBody), RequestMessage = request };
            response.Headers.TryAddWithoutValidation(BunqHeaders.ServerSignature, owner._responseSignatureBase64);
            return Task.FromResult(response);
        }
    }
}
