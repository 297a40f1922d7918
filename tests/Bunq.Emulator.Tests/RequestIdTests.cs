using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// bunq echoes <c>X-Bunq-Client-Request-Id</c> in its answer's headers. An id that cannot go back in a header (a control
/// or non-ASCII character) is refused before any route runs, in bunq's error shape, rather than failing the answer
/// after the route made its change.
/// </summary>
public sealed class RequestIdTests
{
    [Theory]
    [InlineData("abc\u007f")] // DEL
    [InlineData("caf\u00e9")] // non-ASCII, sent as UTF-8 (Kestrel reads request headers as UTF-8)
    public async Task A_request_id_that_cannot_be_echoed_is_refused_before_the_route_runs(string requestId)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using HttpClient http = Client(bunq);

        // sandbox-user-person needs no token: were the route to run, it would make a user and answer 200.
        using var request = new HttpRequestMessage(HttpMethod.Post, "sandbox-user-person") { Content = new ByteArrayContent([]) };
        Assert.True(request.Headers.TryAddWithoutValidation("X-Bunq-Client-Request-Id", requestId));
        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("X-Bunq-Client-Request-Id"));
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.Contains("X-Bunq-Client-Request-Id", JsonNode.Parse(body)!["Error"]![0]!["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        using RSA server = RSA.Create();
        server.ImportFromPem(bunq.ServerPublicKeyPem);
        Assert.True(server.VerifyData(body, Convert.FromBase64String(response.Headers.GetValues("X-Bunq-Server-Signature").Single()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(400, Assert.Single(bunq.Requests).Status);

        // A printable id is echoed as before.
        using var fine = new HttpRequestMessage(HttpMethod.Post, "sandbox-user-person") { Content = new ByteArrayContent([]) };
        fine.Headers.Add("X-Bunq-Client-Request-Id", "id-1 ok");
        using HttpResponseMessage answered = await http.SendAsync(fine);
        Assert.Equal(200, (int)answered.StatusCode);
        Assert.Equal("id-1 ok", answered.Headers.GetValues("X-Bunq-Client-Request-Id").Single());
    }

    private static HttpClient Client(BunqEmulator bunq) => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 served
            && "sha256/" + Convert.ToBase64String(SHA256.HashData(served.PublicKey.ExportSubjectPublicKeyInfo())) == bunq.Pin },
        RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
    }) { BaseAddress = bunq.BaseAddress };
}
