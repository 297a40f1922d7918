using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;

namespace Bunq.Emulator;

/// <summary>
/// bunq's protocol around every route: rate limits, token, caller IP, request signature and request-id checks on the way
/// in; a signed body (and any injected fault) on the way out.
/// </summary>
internal sealed class ProtocolMiddleware(
    RequestDelegate next, EmulatorState state, RateLimits limits, EmulatorFaults faults, ServerKey serverKey, RequestLog log, ILogger<ProtocolMiddleware> logger, EmulatorStateFile? persistence = null)
{
    public async Task InvokeAsync(HttpContext context)
    {
        string ip = CallerIp(context);
        byte[]? body = await ReadBodyAsync(context.Request);
        if (body is null && context.RequestAborted.IsCancellationRequested)
        {
            return; // a body far beyond the limit: the connection was cut, nothing can be answered
        }

        var call = new CallContext { Ip = ip, Body = body ?? [] };
        context.Items[typeof(CallContext)] = call;

        Stream original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        bool echoable = EchoableRequestId(context);
        BunqFault? fault = faults.Take(context.Request.Method, context.Request.Path.Value ?? string.Empty);
        try
        {
            if (fault?.Kind == BunqFaultKind.Delay)
            {
                await Task.Delay(fault.Delay, state.Options.TimeProvider, context.RequestAborted);
            }

            IResult? refusal = body is null ? BunqJsonWriter.Error(413, TooLarge)
                : !echoable ? BunqJsonWriter.Error(400, BadRequestId)
                : fault?.Kind switch
            {
                BunqFaultKind.ServerError => BunqJsonWriter.Error(500, "Internal server error (injected)."),
                BunqFaultKind.ServiceUnavailable => new PlainText(503, "<html><body>503 Service Unavailable</body></html>"),
                BunqFaultKind.RateLimited => BunqJsonWriter.Error(429, "Too many requests. You can do a maximum of 3 calls per 3 second to this endpoint."),
                _ => Check(context, call),
            };
            if (refusal is not null)
            {
                await refusal.ExecuteAsync(context);
            }
            else
            {
                await next(context);
            }

            if (context.Request.Method != "GET" || call.Extended || call.Changed)
            {
                // Before the answer leaves: an acknowledged change is on disk (EmulatorStateFile.Save groups concurrent saves).
                persistence?.Save(state);
            }
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A route or the save threw: say so, in bunq's error shape and signed, rather than an empty 500.
            RequestLogMiddleware.Report(context, state, log, logger, e);
            buffer.SetLength(0);
            context.Response.Headers.Clear();
            await BunqJsonWriter.Error(500, "The emulator failed unexpectedly (" + e.GetType().Name + "); see its log or inspector page.").ExecuteAsync(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        // The buffered answer as it is, without a copy (signed, then written).
        ReadOnlyMemory<byte> responseBody = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        context.Response.Headers["X-Bunq-Client-Response-Id"] = ResponseId();
        if (echoable && context.Request.Headers.TryGetValue("X-Bunq-Client-Request-Id", out var requestId))
        {
            context.Response.Headers["X-Bunq-Client-Request-Id"] = requestId;
        }

        // bunq leaves 429 answers unsigned (bunq-protocol.md §3.2); everything else is signed.
        if (context.Response.StatusCode != 429 && fault?.Kind != BunqFaultKind.DropSignature)
        {
            RSA key = fault?.Kind == BunqFaultKind.ForeignSignature ? ServerKey.Foreign : serverKey.Rsa;
            context.Response.Headers["X-Bunq-Server-Signature"] =
                Convert.ToBase64String(key.SignData(responseBody.Span, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }

        responseBody = fault?.Kind switch
        {
            BunqFaultKind.TamperBody when responseBody.Length > 0 => Flip(responseBody.ToArray()),
            BunqFaultKind.TruncateBody when responseBody.Length > 1 => responseBody[..(responseBody.Length / 2)],
            _ => responseBody,
        };

        context.Response.ContentLength = responseBody.Length;
        await context.Response.Body.WriteAsync(responseBody, context.RequestAborted);
    }

    private IResult? Check(HttpContext context, CallContext call)
    {
        if (context.GetEndpoint() is not RouteEndpoint endpoint || endpoint.Metadata.GetMetadata<RouteRule>() is not { } rule)
        {
            return BunqJsonWriter.Error(404, "The requested route does not exist.");
        }

        string pattern = endpoint.RoutePattern.RawText ?? string.Empty;
        if (state.Options.EnforceRateLimits && limits.TryAcquire(call.Ip, context.Request.Method, pattern) is { } tooMany)
        {
            call.RateLimit = "refused: " + limits.Usage(call.Ip, context.Request.Method, pattern);
            return BunqJsonWriter.Error(429, tooMany);
        }

        call.RateLimit = state.Options.EnforceRateLimits ? limits.Usage(call.Ip, context.Request.Method, pattern) : "off";

        string? token = context.Request.Headers["X-Bunq-Client-Authentication"];
        lock (state.Gate)
        {
            switch (rule.Auth)
            {
                case RouteAuth.Installation:
                    if (token is null || !state.InstallationsByToken.TryGetValue(token, out Installation? installation))
                    {
                        return BunqJsonWriter.Error(401, "Insufficient authentication.");
                    }

                    call.Installation = installation;
                    call.Token = "installation " + installation.Id;
                    break;
                case RouteAuth.Session:
                    if (token is null || !state.SessionsByToken.TryGetValue(token, out Session? session) || session.Expiry <= state.Now)
                    {
                        return BunqJsonWriter.Error(401, "Insufficient authentication.");
                    }

                    if (!session.ApiKey.Permits(call.Ip))
                    {
                        return BunqJsonWriter.Error(400, "User credentials are incorrect. Incorrect API key or IP address.");
                    }

                    call.Session = session;
                    call.Installation = session.Installation;
                    call.Token = "session " + session.Id;
                    break;
            }

            IResult? refused = call.Installation is null ? null : CheckSignatureAndRequestId(context, call, rule);
            if (refused is null)
            {
                call.Extended = call.Session?.Touch(state.Now) == true; // only a request bunq accepted keeps the session alive
            }

            return refused;
        }
    }

    private static IResult? CheckSignatureAndRequestId(HttpContext context, CallContext call, RouteRule rule)
    {
        string? signature = context.Request.Headers["X-Bunq-Client-Signature"];
        if (signature is null)
        {
            call.Signature = SignatureVerdict.Missing;
            if (rule.SignatureRequired)
            {
                return BunqJsonWriter.Error(466, "For this operation a request signature is required.");
            }
        }
        else if (!Verify(call.Installation!.ClientKey, call.Body, signature))
        {
            call.Signature = SignatureVerdict.Invalid;
            return BunqJsonWriter.Error(400, "The request signature is invalid.");
        }
        else
        {
            call.Signature = SignatureVerdict.Valid;
        }

        string? requestId = context.Request.Headers["X-Bunq-Client-Request-Id"];
        if (requestId is not null && !call.Installation!.RequestIds.Add(requestId))
        {
            return BunqJsonWriter.Error(400, "This request id has already been used.");
        }

        return null;
    }

    private static bool Verify(RSA key, byte[] body, string signature)
    {
        Span<byte> bytes = stackalloc byte[256];
        return Convert.TryFromBase64String(signature, bytes, out int length) && length == bytes.Length
            && key.VerifyData(body, bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private const string BadRequestId = "The request id (X-Bunq-Client-Request-Id) must be printable ASCII.";

    /// <summary>
    /// Whether the request id, if any, can go back in the answer's header (bunq echoes it): printable ASCII only, as an
    /// HTTP field value of ours must be. Kestrel reads a request header as UTF-8 but refuses to write a control or
    /// non-ASCII character, so such an id, checked only when echoed, failed the answer after its route had run (a payment
    /// made, answered as an empty 500). It is refused before any route runs instead.
    /// </summary>
    private static bool EchoableRequestId(HttpContext context)
    {
        Microsoft.Extensions.Primitives.StringValues ids = context.Request.Headers["X-Bunq-Client-Request-Id"];
        foreach (string? id in ids)
        {
            if (id is null || id.AsSpan().ContainsAnyExceptInRange(' ', '~'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The answer's <c>X-Bunq-Client-Response-Id</c>, a random (version 4) UUID as bunq's. Its bits come from the
    /// shared pseudo-random generator rather than the operating system's (a system call per answer): the id only has to
    /// be unique, it guards nothing.
    /// </summary>
    private static string ResponseId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (Guid's little-endian layout: the high nibble of byte 7)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // the RFC 9562 variant
        return new Guid(bytes).ToString("D");
    }

    private static string CallerIp(HttpContext context)
    {
        IPAddress? address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        return address?.ToString() ?? "unknown";
    }

    /// <summary>The largest body the emulator accepts (Kestrel's default limit, which the emulator enforces itself).</summary>
    internal const long MaxBodyBytes = 30_000_000;

    private static readonly string TooLarge =
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The request body is larger than the emulator accepts ({MaxBodyBytes:N0} bytes).");

    /// <summary>Bodies up to this announced length are read straight into an array of their size.</summary>
    private const long ExactReadBytes = 1 << 20;

    /// <summary>How much more of a body beyond the limit is read and dropped so that the caller, still sending, gets the 413.</summary>
    private const long DrainBytes = 4 * MaxBodyBytes;

    /// <summary>
    /// The body, or null when it is beyond <see cref="MaxBodyBytes"/>. A larger body is read on and dropped (up to
    /// <see cref="DrainBytes"/> more), because a server that answers and closes while the caller is still sending leaves
    /// the caller with a broken connection instead of the 413; past that the connection is cut.
    /// </summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null; // the emulator counts (below), so that it can answer in bunq's error shape
        }

        if (request.ContentLength > MaxBodyBytes + DrainBytes)
        {
            request.HttpContext.Abort();
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return []; // a GET without Content-Length or Transfer-Encoding: Kestrel gives it no body
        }

        if (request.ContentLength is long announced && announced <= ExactReadBytes)
        {
            // The usual case, a small body: Kestrel holds it to its Content-Length, so it is read into an array of that
            // size (a larger announced length is not trusted with an allocation before its bytes arrive).
            byte[] exact = announced == 0 ? [] : new byte[announced];
            int filled = 0;
            while (filled < exact.Length)
            {
                int got = await request.Body.ReadAsync(exact.AsMemory(filled), request.HttpContext.RequestAborted);
                if (got == 0)
                {
                    break; // cut short: Kestrel ends the request itself
                }

                filled += got;
            }

            return filled == exact.Length ? exact : exact[..filled];
        }

        // No length (chunked) or one beyond the limit: read in pooled chunks, counting.
        using var copy = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                total += read;
                if (total <= MaxBodyBytes)
                {
                    copy.Write(chunk, 0, read);
                }
                else if (total > MaxBodyBytes + DrainBytes)
                {
                    request.HttpContext.Abort();
                    return null;
                }
            }

            return total > MaxBodyBytes ? null : copy.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static byte[] Flip(byte[] body)
    {
        byte[] copy = (byte[])body.Clone();
        copy[copy.Length / 2] ^= 0x20;
        return copy;
    }

    private sealed class PlainText(int status, string text) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html";
            return httpContext.Response.WriteAsync(text);
        }
    }
}
