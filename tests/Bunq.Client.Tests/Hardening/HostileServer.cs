using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Bunq.Client.Tests.Hardening;

/// <summary>
/// An in-memory bunq that answers what a test tells it to, signed with its own key or not at all, counting every request
/// and session renewal: the hostile server of the attack table, without a socket.
/// </summary>
internal sealed class HostileServer : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);

    public HostileServer()
    {
        ServerKey = BunqServerPublicKey.FromPem(_key.ExportSubjectPublicKeyInfoPem());
        Sessions = new CountingSessions(ClientKey, ServerKey);
    }

    public BunqKeyPair ClientKey { get; } = BunqKeyPair.Generate();

    public BunqServerPublicKey ServerKey { get; }

    public CountingSessions Sessions { get; }

    /// <summary>Every request that reached the "wire", in order, with its headers as sent.</summary>
    public List<HttpRequestMessage> Requests { get; } = [];

    /// <summary>The authentication header of each request as it was sent (a resend reuses the request object).</summary>
    public List<string?> Tokens { get; } = [];

    /// <summary>Decides each answer from the request and its 0-based index.</summary>
    public Func<HttpRequestMessage, int, Answer> Respond { get; set; } = static (_, _) => Answer.Ok();

    public HttpMessageHandler Transport => new Handler(this);

    /// <summary>The whole bunq pipeline over this server.</summary>
    public HttpMessageInvoker Invoker(BunqOptions? options = null) =>
        new(BunqHttp.CreatePipeline(options ?? Options(), Sessions, transport: Transport));

    public static BunqOptions Options() => new() { BaseAddress = new Uri("https://bunq.test/v1/") };

    public void Dispose()
    {
        _key.Dispose();
        ServerKey.Dispose();
        ClientKey.Dispose();
    }

    private HttpResponseMessage Build(Answer answer)
    {
        byte[] body = Encoding.UTF8.GetBytes(answer.Body);
        var response = new HttpResponseMessage(answer.Status) { Content = new ByteArrayContent(body) };
        response.Headers.TryAddWithoutValidation(BunqHeaders.ResponseId, answer.ResponseId);
        if (answer.Signed)
        {
            response.Headers.Add(BunqHeaders.ServerSignature, Convert.ToBase64String(_key.SignData(body, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
        }

        return response;
    }

    /// <summary>One answer: status, body, whether it is signed with the server key.</summary>
    internal sealed record Answer(HttpStatusCode Status, string Body, bool Signed, string ResponseId = "resp-1")
    {
        public static Answer Ok() => new(HttpStatusCode.OK, """{"Response":[{"Id":{"id":1}}]}""", Signed: true);

        public static Answer Error(int status, string description, bool signed) =>
            new((HttpStatusCode)status, "{\"Error\":[{\"error_description\":" + System.Text.Json.JsonSerializer.Serialize(description) + "}]}", signed);
    }

    private sealed class Handler(HostileServer server) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int index;
            lock (server.Requests)
            {
                index = server.Requests.Count;
                server.Requests.Add(request);
                server.Tokens.Add(request.Headers.TryGetValues(BunqHeaders.Authentication, out IEnumerable<string>? token) ? token.Single() : null);
            }

            if (request.Content is not null)
            {
                await request.Content.LoadIntoBufferAsync(cancellationToken);
            }

            return server.Build(server.Respond(request, index));
        }
    }
}

/// <summary>A session provider over fixed keys whose token changes on every renewal, counting renewals.</summary>
internal sealed class CountingSessions(BunqKeyPair client, BunqServerPublicKey? server) : IBunqSessionProvider
{
    private int _renewals;

    public int Renewals => Volatile.Read(ref _renewals);

    public BunqServerPublicKey? ServerKey { get; set; } = server;

    public ValueTask<BunqCredentials> GetCredentialsAsync(BunqAuthentication authentication, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new BunqCredentials(client, ServerKey, new BunqSecret("session-" + Renewals)));

    public ValueTask<bool> TryRenewSessionAsync(BunqSecret staleToken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _renewals);
        return ValueTask.FromResult(true);
    }
}
