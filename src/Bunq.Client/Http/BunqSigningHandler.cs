using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunq;

/// <summary>
/// Innermost bunq handler. Gives every attempt a fresh <c>X-Bunq-Client-Request-Id</c> (bunq refuses a reused one, so
/// a retry from any outer handler must not resend the old id), signs the exact request body bytes (zero bytes when
/// there is none) into <c>X-Bunq-Client-Signature</c>, then verifies <c>X-Bunq-Server-Signature</c> over the raw response body before
/// anything reads it. A 2xx that fails verification is discarded and raised as <see cref="BunqSignatureException"/>;
/// a non-2xx becomes <see cref="BunqApiException"/>.
/// </summary>
public sealed class BunqSigningHandler : DelegatingHandler
{
    private readonly BunqEndpointManifest _manifest;
    private readonly Func<string> _requestIds;
    private readonly ILogger _logger;

    /// <summary>Creates the handler.</summary>
    /// <param name="manifest">Which endpoints are signed; unknown ones are.</param>
    /// <param name="requestIds">Makes request ids; a new GUID each by default.</param>
    /// <param name="logger">Where to log; nothing by default.</param>
    public BunqSigningHandler(BunqEndpointManifest? manifest = null, Func<string>? requestIds = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _manifest = manifest ?? BunqEndpointManifest.Empty;
        _requestIds = requestIds ?? (static () => Guid.NewGuid().ToString("D"));
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        BunqAuthentication kind = request.Options.TryGetValue(BunqRequestOptions.Authentication, out BunqAuthentication k)
            ? k
            : BunqRequestOptions.AuthenticationFor(request.Method, request.RequestUri!);
        request.Options.TryGetValue(BunqRequestOptions.Credentials, out BunqCredentials? credentials);
        if (kind != BunqAuthentication.None && credentials is null)
        {
            throw new InvalidOperationException(
                "BunqSigningHandler found no credentials on the request: BunqAuthenticationHandler must run before it in the pipeline.");
        }

        HttpRequestHeadersSetter.Set(request, BunqHeaders.RequestId, _requestIds());
        request.Headers.Remove(BunqHeaders.ClientSignature);
        bool signed = credentials is not null && IsSigned(request);
        BunqLog.Sending(_logger, request.Method, request.RequestUri!.AbsolutePath, signed, kind);
        if (signed)
        {
            byte[] body = await BufferAsync(request.Content, cancellationToken).ConfigureAwait(false);
            request.Headers.TryAddWithoutValidation(BunqHeaders.ClientSignature, credentials!.ClientKey.Sign(body));
        }

        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            byte[] responseBody = await BufferAsync(response.Content, cancellationToken).ConfigureAwait(false);
            string? responseId = BunqResponseHeaders.ResponseId(response);
            string? signature = BunqResponseHeaders.Get(response, BunqHeaders.ServerSignature);
            int status = (int)response.StatusCode;

            if (!response.IsSuccessStatusCode)
            {
                bool verified = credentials?.ServerKey is { } key && key.Verify(responseBody, signature);
                BunqLog.ApiError(_logger, request.Method, request.RequestUri.AbsolutePath, status, responseId, verified);
                throw BunqApiException.Create(status, BunqErrorBody.Describe(responseBody), responseId, verified);
            }

            if (kind != BunqAuthentication.None)
            {
                VerifyOrThrow(credentials!.ServerKey, responseBody, signature, status, responseId);
                BunqLog.Verified(_logger, request.Method, request.RequestUri.AbsolutePath, status, responseId);
            }

            return response;
        }
        catch (BunqSignatureException e)
        {
            BunqLog.SignatureRejected(_logger, request.Method, request.RequestUri.AbsolutePath, e.Message, e.ResponseId);
            response.Dispose();
            throw;
        }
        catch
        {
            // The body never reaches user code when verification fails or the status is an error.
            response.Dispose();
            throw;
        }
    }

    private static void VerifyOrThrow(BunqServerPublicKey? serverKey, byte[] body, string? signature, int status, string? responseId)
    {
        if (serverKey is null)
        {
            throw new BunqSignatureException(
                $"Cannot verify the {status} response: the API context has no server public key.", status, responseId);
        }

        if (signature is null)
        {
            throw new BunqSignatureException(
                $"The {status} response carried no X-Bunq-Server-Signature; it was discarded unread.", status, responseId);
        }

        if (!serverKey.Verify(body, signature))
        {
            throw new BunqSignatureException(
                $"The {status} response's X-Bunq-Server-Signature does not match its body; it was discarded unread.", status, responseId);
        }
    }

    private bool IsSigned(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(BunqRequestOptions.Signed, out bool signed))
        {
            return signed;
        }

        if (request.Options.TryGetValue(BunqRequestOptions.RefitInterfaceType, out Type? type)
            && request.Options.TryGetValue(BunqRequestOptions.RefitMethodName, out string? method)
            && _manifest.TryGet(type, method, out BunqEndpointEntry? entry))
        {
            return entry.Signed;
        }

        return true; // fail closed: an endpoint we know nothing about is signed
    }

    private static async Task<byte[]> BufferAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return [];
        }

        // Buffering makes the bytes signed (or verified) the very bytes sent (or handed on); the content then
        // serves every later read, including a retry, from that one buffer.
#if NET9_0_OR_GREATER
        await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
#else
        await content.LoadIntoBufferAsync().ConfigureAwait(false);
#endif
        return await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }
}

internal static class BunqResponseHeaders
{
    public static string? ResponseId(HttpResponseMessage response) => Get(response, BunqHeaders.ResponseId);

    public static string? Get(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
