using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>
/// One HTTPS POST per try. The target's certificate is validated — against the system's roots, or, when the user names
/// one (<c>--callback-ca FILE</c>, <see cref="BunqEmulatorOptions.CallbackCertificateAuthority"/>), against that
/// certificate as the only extra root — and its host name is always checked; nothing accepts any certificate. Loopback
/// targets are allowed (a test's receiver). A try has a time limit, redirects are not followed, and at most
/// <see cref="MaxAnswerBytes"/> of the answer are read.
/// </summary>
internal sealed class CallbackTransport : IDisposable
{
    public const int MaxAnswerBytes = 4096;

    /// <summary>How long one try may take, connection and answer included (real time: it bounds a socket).</summary>
    public static readonly TimeSpan TryTimeout = TimeSpan.FromSeconds(10);

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;

    public CallbackTransport(X509Certificate2? authority)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TryTimeout,
            MaxResponseHeadersLength = 16, // KiB
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, authority),
            },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("bunq-emulator-callbacks/1.0");
    }

    /// <summary>Sends one try; returns the status (null without an answer) and, when it failed, why.</summary>
    public async Task<(int? Status, string? Error)> SendAsync(string target, byte[] body, CancellationToken stopping)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        limit.CancelAfter(TryTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
            await DrainAsync(response, limit.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            return (status, status is >= 200 and < 300 ? null : $"the target answered {status}");
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (null, $"no answer within {TryTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return (null, e.HttpRequestError switch
            {
                HttpRequestError.SecureConnectionError => "TLS could not be set up: the target's certificate is not trusted or does not name its host",
                HttpRequestError.ConnectionError => "the target could not be reached",
                HttpRequestError.ResponseEnded => "the target closed the connection without answering",
                HttpRequestError.InvalidResponse => "the target's answer was not valid HTTP",
                _ => "the request failed on the network",
            });
        }
    }

    /// <summary>
    /// The same callback with its object's <c>amount</c> (or else <c>description</c>) changed: what a forged or altered
    /// callback looks like to a receiver that confirms it through the signed API.
    /// </summary>
    public static byte[] Altered(byte[] body)
    {
        JsonNode root = JsonNode.Parse(body)!;
        foreach (KeyValuePair<string, JsonNode?> item in root["NotificationUrl"]!["object"]!.AsObject())
        {
            JsonObject value = item.Value!.AsObject();
            if (value["amount"] is JsonObject amount)
            {
                amount["value"] = "9999.99";
            }
            else
            {
                value["description"] = "altered in transit";
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    public void Dispose() => _http.Dispose();

    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2? authority)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true; // the system's roots and the host name
        }

        if (authority is null || certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false; // a name mismatch or no certificate is never excused
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    // Reads at most MaxAnswerBytes of the answer: a target that streams forever cannot hold a worker past the try's limit,
    // nor fill the emulator's memory.
    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable disposing = stream.ConfigureAwait(false);
        byte[] buffer = new byte[MaxAnswerBytes];
        int total = 0, read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }
    }

    /// <summary>An absolute https URL with a host and no credentials in it (bunq: "This URL must use HTTPS").</summary>
    internal static bool IsHttps(string? target) =>
        Uri.TryCreate(target, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.UserInfo);
}
