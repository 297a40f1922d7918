using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bunq.Testing;
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
    private InMemoryBunq _bunq = null!;
    private byte[] _requestBody = [];
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
        _bunq = new InMemoryBunq(new Uri("https://bunq.bench/v1/"));
        _http = _bunq.SignedClient();
        _api = InMemoryBunq.Api<IBenchPayments>(_http);
        _plainHttp = _bunq.PlainClient();
        _plainApi = InMemoryBunq.Api<IBenchPayments>(_plainHttp);
    }

    public int RequestBodyBytes => _requestBody.Length;

    [Benchmark(Baseline = true, Description = "RSA sign + verify (floor)")]
    public bool SignAndVerify()
    {
        byte[] signature = _bunq.ClientKey.SignData(_requestBody, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signature.Length > 0 && _bunq.ServerKey.VerifyData(_bunq.ResponseBody, _bunq.ResponseSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
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
        _bunq.Dispose();
    }
}
