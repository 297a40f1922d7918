using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// A bunq client written from the protocol doc with nothing but HttpClient and RSA: signs every body, verifies every
/// signed answer. The emulator's tests use it so the wire is what is tested (the emulator never sees Bunq.Client).
/// </summary>
internal sealed class WireClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RSA _key = RSA.Create(2048);
    private RSA? _serverKey;

    private readonly BunqEmulator? _emulator;

    public WireClient(BunqEmulator emulator, IPAddress? localAddress = null)
        : this(emulator.BaseAddress, emulator.Pin, localAddress) => _emulator = emulator;

    /// <summary>A client of an emulator in another process, known by its listening line's address and pin.</summary>
    public WireClient(Uri baseAddress, string pin, IPAddress? localAddress = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 served && Pin(served) == pin },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    if (localAddress is not null)
                    {
                        socket.Bind(new IPEndPoint(localAddress, 0)); // the emulator sees this as the caller's IP
                    }

                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress };
    }

    public BunqEmulator Emulator => _emulator ?? throw new InvalidOperationException("This client talks to an emulator in another process.");

    public string? ApiKey { get; set; }

    public string? InstallationToken { get; private set; }

    /// <summary><c>client_public_key</c> exactly as sent (a PSD2 provider signs it).</summary>
    public string? PublicKeyPem { get; private set; }

    public string? SessionToken { get; private set; }

    public long UserId { get; private set; }

    /// <summary>Every call made and its answer, in order.</summary>
    public List<(HttpMethod Method, string Path, WireResponse Response)> History { get; } = [];

    /// <summary>A sandbox user, installation, device-server (with <paramref name="permittedIps"/>) and session.</summary>
    public async Task<WireClient> ConnectAsync(params string[] permittedIps)
    {
        ApiKey ??= (await SendAsync(HttpMethod.Post, "sandbox-user-person")).Item("ApiKey")["api_key"]!.GetValue<string>();
        await InstallAsync();
        (await RegisterDeviceAsync(permittedIps)).EnsureOk();
        await OpenSessionAsync();
        return this;
    }

    public async Task InstallAsync()
    {
        string pem = PublicKeyPem = new(PemEncoding.Write("PUBLIC KEY", _key.ExportSubjectPublicKeyInfo()));
        WireResponse installed = await SendAsync(HttpMethod.Post, "installation", new JsonObject { ["client_public_key"] = pem });
        InstallationToken = installed.Item("Token")["token"]!.GetValue<string>();
        _serverKey = RSA.Create();
        _serverKey.ImportFromPem(installed.Item("ServerPublicKey")["server_public_key"]!.GetValue<string>());
    }

    public Task<WireResponse> RegisterDeviceAsync(params string[] permittedIps) =>
        SendAsync(HttpMethod.Post, "device-server", new JsonObject
        {
            ["description"] = "wire test",
            ["secret"] = ApiKey,
            ["permitted_ips"] = new JsonArray(permittedIps.Select(ip => (JsonNode)ip).ToArray()),
        }, InstallationToken);

    public async Task<WireResponse> OpenSessionAsync()
    {
        WireResponse opened = await SendAsync(HttpMethod.Post, "session-server", new JsonObject { ["secret"] = ApiKey }, InstallationToken);
        if (opened.Status == 200)
        {
            SessionToken = opened.Item("Token")["token"]!.GetValue<string>();
            UserId = opened.Items.Select(i => (i!["UserPerson"] ?? i["UserApiKey"] ?? i["UserPaymentServiceProvider"])?["id"]).OfType<JsonNode>().Single().GetValue<long>();
        }

        return opened;
    }

    /// <summary>A call with the session token (the default) or <paramref name="token"/>; <c>null</c> body sends no bytes.</summary>
    public Task<WireResponse> CallAsync(HttpMethod method, string path, JsonNode? body = null) => SendAsync(method, path, body, SessionToken);

    /// <summary>A call; <paramref name="signature"/> replaces the real signature (to send a wrong one).</summary>
    public async Task<WireResponse> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? token = null, bool sign = true, string? signature = null)
    {
        byte[] bytes = body is null ? [] : Encoding.UTF8.GetBytes(body.ToJsonString());
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new("application/json");
        }

        AddStandardHeaders(request);
        if (token is not null)
        {
            request.Headers.Add("X-Bunq-Client-Authentication", token);
        }

        if (sign && token is not null)
        {
            request.Headers.Add("X-Bunq-Client-Signature", signature ?? Convert.ToBase64String(_key.SignData(bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
        }

        using HttpResponseMessage response = await _http.SendAsync(request);
        byte[] answer = await response.Content.ReadAsByteArrayAsync();
        bool signed = response.Headers.TryGetValues("X-Bunq-Server-Signature", out IEnumerable<string>? values);
        bool verified = signed && _serverKey is not null
            && _serverKey.VerifyData(answer, Convert.FromBase64String(values!.Single()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (_serverKey is not null && response.IsSuccessStatusCode)
        {
            // bunq signs every 2xx answer after installation: a missing or wrong signature fails the test here.
            Assert.True(signed, $"{method} {path}: no X-Bunq-Server-Signature");
            Assert.True(verified, $"{method} {path}: the server signature does not match the body");
        }

        var wire = new WireResponse((int)response.StatusCode, answer.Length == 0 ? null : JsonNode.Parse(answer), method + " " + path) { SignatureVerified = verified };
        History.Add((method, "/" + path.Split('?')[0], wire));
        return wire;
    }

    /// <summary>
    /// Raw bytes out, raw bytes back, for hostile bodies and answers that are not JSON: signed over exactly
    /// <paramref name="bytes"/> (none when null), with the token and <paramref name="headers"/> given. Nothing is asserted
    /// here; the answer says whether it carried a signature that verifies over its body. A transport failure throws.
    /// </summary>
    public async Task<RawResponse> SendRawAsync(HttpMethod method, string path, byte[]? bytes, string? token, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (bytes is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new("application/json");
        }

        AddStandardHeaders(request);
        foreach ((string name, string value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (token is not null)
        {
            request.Headers.Add("X-Bunq-Client-Authentication", token);
            request.Headers.Add("X-Bunq-Client-Signature", Convert.ToBase64String(_key.SignData(bytes ?? [], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
        }

        using HttpResponseMessage response = await _http.SendAsync(request);
        byte[] answer = await response.Content.ReadAsByteArrayAsync();
        bool verified = response.Headers.TryGetValues("X-Bunq-Server-Signature", out IEnumerable<string>? values) && _serverKey is not null
            && Convert.TryFromBase64String(values.First(), new byte[512], out _)
            && _serverKey.VerifyData(answer, Convert.FromBase64String(values.First()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return new RawResponse((int)response.StatusCode, answer, verified);
    }

    /// <summary>bunq's standard request headers, with a fresh request id (bunq refuses a reused one).</summary>
    private static void AddStandardHeaders(HttpRequestMessage request)
    {
        request.Headers.Add("X-Bunq-Client-Request-Id", Guid.NewGuid().ToString("D"));
        request.Headers.Add("X-Bunq-Language", "en_US");
        request.Headers.Add("X-Bunq-Region", "nl_NL");
        request.Headers.Add("X-Bunq-Geolocation", "0 0 0 0 000");
        request.Headers.Add("Cache-Control", "no-cache");
        request.Headers.UserAgent.ParseAdd("wire-test/1.0");
    }

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
        _serverKey?.Dispose();
    }

    private static string Pin(X509Certificate2 certificate) =>
        "sha256/" + Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
}

/// <summary>A status and the parsed body of one answer.</summary>
internal sealed record WireResponse(int Status, JsonNode? Body, string Call)
{
    /// <summary>Whether the answer carried the emulator's signature over its body (known after installation).</summary>
    public bool SignatureVerified { get; init; }

    public JsonArray Items => Body!["Response"]!.AsArray();

    public JsonObject? Pagination => Body?["Pagination"]?.AsObject();

    /// <summary>The object under <paramref name="type"/> among the response items.</summary>
    public JsonObject Item(string type)
    {
        EnsureOk();
        return Items.Select(i => i![type]).OfType<JsonObject>().FirstOrDefault()
            ?? throw new Xunit.Sdk.XunitException($"{Call}: no {type} in {Body?.ToJsonString()}");
    }

    public string Error => Body?["Error"]?[0]?["error_description"]?.GetValue<string>() ?? string.Empty;

    public WireResponse EnsureOk()
    {
        Assert.True(Status == 200, $"{Call}: {Status} {Body?.ToJsonString()}");
        return this;
    }
}

/// <summary>A status, the body's bytes, and whether a signature over them verified with the server's key.</summary>
internal sealed record RawResponse(int Status, byte[] Body, bool SignatureVerified);
