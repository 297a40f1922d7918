using System.Net.Http.Headers;
using System.Security.Cryptography;
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
internal sealed class BunqSigningHandler : DelegatingHandler
{
    private readonly Func<string> _requestIds;
    private readonly ILogger _logger;
    private readonly long _maxResponseBodyBytes;
    private readonly Action<BunqWarning>? _warnings;

    /// <summary>Creates the handler from the client's shared parts.</summary>
    public BunqSigningHandler(BunqPipelineParts parts)
    {
        _logger = parts.Logger;
        _requestIds = parts.Options.RequestIdFactory;
        _maxResponseBodyBytes = parts.MaxResponseBodyBytes;
        _warnings = parts.Options.OnWarning;
    }

    // The common path — a JSON or byte-array body and an answer the transport hands over already buffered — runs
    // without an async state machine, a Task of its own or a heap digest: it returns the transport's own task once the
    // answer is verified. Anything that has to wait (a stream to buffer, an answer still arriving, an error body to
    // read) continues on the asynchronous path with the same steps, from the step it reached.
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        BunqCall call;
        Task<HttpResponseMessage> sending;
        try
        {
            call = BunqCall.Of(request);
            BunqAuthentication kind = call.Authentication;
            BunqCredentials? credentials = call.Credentials;
            if (kind != BunqAuthentication.None && credentials is null)
            {
                throw new InvalidOperationException(
                    "BunqSigningHandler found no credentials on the request: BunqAuthenticationHandler must run before it in the pipeline.");
            }

            HttpRequestHeadersSetter.Set(request, BunqHeaders.RequestId, BunqHeaderValues.Check(_requestIds(), nameof(BunqOptions.RequestIdFactory), configurable: false));
            request.Headers.Remove(BunqHeaders.ClientSignature);
            BunqRawBodies.CheckHeaders(request);
            bool signed = call.Signed;
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                // the path is only worked out (a string, and the URI's parsed parts) for a log that is written
                BunqLog.Sending(_logger, request.Method, request.RequestUri!.AbsolutePath, signed, kind);
            }

            if (signed)
            {
                Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
                if (!TryDigestBuffered(request.Content, digest, cancellationToken))
                {
                    return SignAndSendAsync(request, call, credentials!, cancellationToken);
                }

                request.Headers.TryAddWithoutValidation(BunqHeaders.ClientSignature, credentials!.ClientKey.SignHash(digest));
            }

            sending = base.SendAsync(request, cancellationToken);
        }
        catch (Exception e)
        {
            return BunqTasks.Failed<HttpResponseMessage>(e);
        }

        return sending.IsCompletedSuccessfully ? VerifyCompleted(request, call, sending, cancellationToken) : VerifyAsync(request, call, sending, cancellationToken);
    }

    // A body that has to be buffered first (a stream, a push content) is read asynchronously, then signed.
    private async Task<HttpResponseMessage> SignAndSendAsync(HttpRequestMessage request, BunqCall call, BunqCredentials credentials, CancellationToken cancellationToken)
    {
        byte[] digest = await DigestRequestAsync(request.Content, cancellationToken).ConfigureAwait(false);
        request.Headers.TryAddWithoutValidation(BunqHeaders.ClientSignature, credentials.ClientKey.SignHash(digest));
        return await VerifyAsync(request, call, base.SendAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    // The transport answered at once: a 2xx whose body is already in memory is verified here and the transport's task
    // handed on; an error status or a body still to be read goes the asynchronous way.
    private Task<HttpResponseMessage> VerifyCompleted(HttpRequestMessage request, BunqCall call, Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = sending.Result;
        try
        {
            if (response.IsSuccessStatusCode)
            {
                CheckAnnouncedLength(response);
                Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
                if (TryDigestBuffered(response.Content, digest, cancellationToken))
                {
                    Accept(request, call, response, digest);
                    return sending;
                }
            }
        }
        catch (Exception e)
        {
            Reject(request, response, e);
            return BunqTasks.Failed<HttpResponseMessage>(e);
        }

        return VerifyAsync(request, call, sending, cancellationToken);
    }

    private async Task<HttpResponseMessage> VerifyAsync(HttpRequestMessage request, BunqCall call, Task<HttpResponseMessage> sending, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await sending.ConfigureAwait(false);
        try
        {
            byte[] responseDigest = await DigestResponseAsync(response, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                string? responseId = BunqResponseHeaders.ResponseId(response);
                string? signature = BunqResponseHeaders.Get(response, BunqHeaders.ServerSignature);
                int status = (int)response.StatusCode;
                bool verified = call.Credentials?.ServerKey is { } key && key.VerifyHash(responseDigest, signature);
                BunqLog.ApiError(_logger, request.Method, request.RequestUri!.AbsolutePath, status, responseId, verified);
                byte[] errorBody = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                throw BunqApiException.Create(status, BunqErrorBody.Describe(errorBody), responseId, verified);
            }

            Accept(request, call, response, responseDigest);
            return response;
        }
        catch (Exception e)
        {
            Reject(request, response, e);
            throw;
        }
    }

    // A 2xx: verified against the server's key when the call carries a token, then handed on.
    private void Accept(HttpRequestMessage request, BunqCall call, HttpResponseMessage response, ReadOnlySpan<byte> digest)
    {
        if (call.Authentication == BunqAuthentication.None)
        {
            return;
        }

        string? responseId = BunqResponseHeaders.ResponseId(response);
        string? signature = BunqResponseHeaders.Get(response, BunqHeaders.ServerSignature);
        int status = (int)response.StatusCode;
        VerifyOrThrow(call.Credentials!.ServerKey, digest, signature, status, responseId);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            BunqLog.Verified(_logger, request.Method, request.RequestUri!.AbsolutePath, status, responseId);
        }

        BunqWarnings.Report(response, request, responseId, _logger, _warnings);
    }

    // The body never reaches user code when verification fails or the status is an error.
    private void Reject(HttpRequestMessage request, HttpResponseMessage response, Exception e)
    {
        if (e is BunqSignatureException rejected)
        {
            BunqLog.SignatureRejected(_logger, request.Method, request.RequestUri!.AbsolutePath, rejected.Message, rejected.ResponseId);
        }

        response.Dispose();
    }

    /// <summary>
    /// SHA-256 of a body already in memory (none, the serializer's array, a byte-array content) into
    /// <paramref name="digest"/>; false, with nothing read, for a body that has to be buffered first.
    /// </summary>
    private static bool TryDigestBuffered(HttpContent? content, Span<byte> digest, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case null:
                SHA256.HashData(ReadOnlySpan<byte>.Empty, digest);
                return true;
            case BunqJsonContent json:
                SHA256.HashData(json.Body, digest);
                return true;
            case ByteArrayContent or ReadOnlyMemoryContent:
                Task<Stream> reading = content.ReadAsStreamAsync(cancellationToken);
                if (!reading.IsCompletedSuccessfully)
                {
                    return false;
                }

                Stream buffered = reading.Result;
                buffered.Position = 0;
                SHA256.HashData(buffered, digest);
                buffered.Position = 0;
                return true;
            default:
                return false;
        }
    }

    // A raw body (a file as a Stream, byte[] or HttpContent) is read once, within a limit, into the buffer every send reads.
    private static async ValueTask<byte[]> DigestRequestAsync(HttpContent? content, CancellationToken cancellationToken)
    {
        try
        {
            return await DigestAsync(content, cancellationToken, BunqRawBodies.MaxRequestBodyBytes).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            throw BunqRawBodies.Unreadable(e);
        }
    }

    // The whole body is buffered to verify it before anyone reads it; a cap keeps a runaway or hostile answer from
    // taking the process's memory with it.
    private async ValueTask<byte[]> DigestResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        CheckAnnouncedLength(response);

        try
        {
            return await DigestAsync(response.Content, cancellationToken, _maxResponseBodyBytes).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            throw TooLarge(response, "ran past that without a length", e);
        }
    }

    // An answer that announces more than the cap is refused before a byte of it is read.
    private void CheckAnnouncedLength(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentLength > _maxResponseBodyBytes)
        {
            throw TooLarge(response, $"announces {response.Content.Headers.ContentLength} bytes");
        }
    }

    private BunqException TooLarge(HttpResponseMessage response, string what, Exception? inner = null) =>
        new($"bunq's {(int)response.StatusCode} response {what}, more than BunqOptions.MaxResponseBodyBytes ({_maxResponseBodyBytes}); it was discarded unread.", inner);

    private static void VerifyOrThrow(BunqServerPublicKey? serverKey, ReadOnlySpan<byte> digest, string? signature, int status, string? responseId)
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

        if (!serverKey.VerifyHash(digest, signature))
        {
            throw new BunqSignatureException(
                $"The {status} response's X-Bunq-Server-Signature does not match its body; it was discarded unread.", status, responseId);
        }
    }

    /// <summary>
    /// SHA-256 of the content as it will be sent (or handed on), read from its buffer without copying it: the digest is
    /// what RSA signs or verifies, so the body itself is never duplicated on the hot path.
    /// </summary>
    private static ValueTask<byte[]> DigestAsync(HttpContent? content, CancellationToken cancellationToken, long maxBufferSize = int.MaxValue)
    {
        if (content is null)
        {
            return new ValueTask<byte[]>(SHA256.HashData(ReadOnlySpan<byte>.Empty));
        }

        if (content is BunqJsonContent json)
        {
            return new ValueTask<byte[]>(SHA256.HashData(json.Body));
        }

        // Content over a byte array is already the exact bytes sent; anything else (a network stream, a push stream)
        // is buffered so that the bytes signed or verified are the very bytes sent or handed on, and every later read,
        // a retry's included, is served from that one buffer.
        Task buffering = content is ByteArrayContent or ReadOnlyMemoryContent ? Task.CompletedTask : LoadIntoBufferAsync(content, maxBufferSize, cancellationToken);
        if (buffering.IsCompletedSuccessfully)
        {
            Task<Stream> reading = content.ReadAsStreamAsync(cancellationToken);
            if (reading.IsCompletedSuccessfully)
            {
                return new ValueTask<byte[]>(Digest(reading.Result));
            }
        }

        return DigestSlowAsync(buffering, content, cancellationToken);
    }

    private static async ValueTask<byte[]> DigestSlowAsync(Task buffering, HttpContent content, CancellationToken cancellationToken)
    {
        await buffering.ConfigureAwait(false);
        return Digest(await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
    }

    // A buffered content hands out one cached stream over its buffer: rewind it before and after (a retry, or Refit
    // reading the response, reads it again) and never dispose it. Hashing it cannot block: it is memory.
    private static byte[] Digest(Stream buffered)
    {
        buffered.Position = 0;
        byte[] digest = SHA256.HashData(buffered);
        buffered.Position = 0;
        return digest;
    }

    private static Task LoadIntoBufferAsync(HttpContent content, long maxBufferSize, CancellationToken cancellationToken) =>
#if NET9_0_OR_GREATER
        content.LoadIntoBufferAsync(maxBufferSize, cancellationToken);
#else
        content.LoadIntoBufferAsync(maxBufferSize);
#endif
}

internal static class BunqResponseHeaders
{
    /// <summary>The longest response id kept whole; bunq's are UUIDs (36 characters).</summary>
    public const int MaxResponseIdLength = 100;

    /// <summary>
    /// <c>X-Bunq-Client-Response-Id</c>, made safe for a log line, an exception message, a span tag or a warning: bunq signs
    /// only the body, so this header is anyone's text until proven otherwise. An id of printable ASCII within
    /// <see cref="MaxResponseIdLength"/> (every id bunq sends) is handed on as it is; anything else is cleaned and capped.
    /// </summary>
    public static string? ResponseId(HttpResponseMessage response) =>
        Get(response, BunqHeaders.ResponseId) is not { } id ? null
        : id.Length <= MaxResponseIdLength && BunqHeaderValues.IsToken(id) ? id
        : BunqUntrustedText.Clean(id, MaxResponseIdLength);

    // The non-validated view reads the raw value without parsing it or allocating a list for it.
    public static string? Get(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out HeaderStringValues values) && values.Count > 0 ? First(values) : null;

    private static string First(HeaderStringValues values)
    {
        foreach (string value in values)
        {
            return value;
        }

        return string.Empty;
    }
}
