using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bunq.Emulator.Tests;

/// <summary>
/// The raw half of bunq's wire, next to <see cref="WireClient"/>'s JSON: a file sent as the body with its Content-Type and
/// description headers under a session token, and an answer kept as bytes, its signature checked with the emulator's key.
/// </summary>
internal sealed class RawWire : IDisposable
{
    private readonly HttpClient _http;
    private readonly RSA _serverKey = RSA.Create();

    public RawWire(BunqEmulator emulator)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 served && Pin(served) == emulator.Pin },
        };
        _http = new HttpClient(handler) { BaseAddress = emulator.BaseAddress };
        _serverKey.ImportFromPem(emulator.ServerPublicKeyPem);
    }

    /// <summary>Every call, in order, for the schema walk.</summary>
    public List<(HttpMethod Method, string Path, RawAnswer Answer)> History { get; } = [];

    /// <summary>Uploads <paramref name="file"/> unsigned (bunq checks a signature on these routes only when one is sent).</summary>
    public Task<RawAnswer> UploadAsync(WireClient client, string path, byte[] file, string? contentType, string? description)
    {
        var content = new ByteArrayContent(file);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (description is not null)
        {
            request.Headers.Add("X-Bunq-Attachment-Description", description);
        }

        return SendAsync(client, request);
    }

    public Task<RawAnswer> GetAsync(WireClient client, string path) => SendAsync(client, new HttpRequestMessage(HttpMethod.Get, path));

    public void Dispose()
    {
        _http.Dispose();
        _serverKey.Dispose();
    }

    private async Task<RawAnswer> SendAsync(WireClient client, HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.Add("X-Bunq-Client-Request-Id", Guid.NewGuid().ToString("D"));
            request.Headers.Add("X-Bunq-Client-Authentication", client.SessionToken);
            request.Headers.Add("Cache-Control", "no-cache");
            request.Headers.UserAgent.ParseAdd("raw-wire-test/1.0");
            using HttpResponseMessage response = await _http.SendAsync(request);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            string signature = response.Headers.GetValues("X-Bunq-Server-Signature").Single();
            bool verified = _serverKey.VerifyData(body, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var answer = new RawAnswer((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, verified);
            History.Add((request.Method, request.RequestUri!.AbsolutePath["/v1".Length..], answer));
            return answer;
        }
    }

    private static string Pin(X509Certificate2 certificate) =>
        "sha256/" + Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
}

/// <summary>One raw answer: status, bytes, media type, and whether bunq's signature covers exactly those bytes.</summary>
internal sealed record RawAnswer(int Status, byte[] Body, string? ContentType, bool Verified)
{
    public System.Text.Json.Nodes.JsonNode Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!;
}
