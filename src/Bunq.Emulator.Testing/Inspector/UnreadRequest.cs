using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Bunq.Emulator;

/// <summary>
/// A request whose body never arrived whole: the client reset the connection, or closed it (or only its sending half)
/// before the bytes its <c>Content-Length</c> declared, or sent chunks that do not parse. Kestrel says so with an
/// exception from the body read, which the protocol middleware does first, before any route runs — so nothing of the
/// request was kept. That is the client's doing, not an emulator fault: no 500 and no failure with a stack is reported
/// for it (<see cref="RequestLogMiddleware"/>). A client whose body ended early cannot be answered: Kestrel takes the end
/// of its input as the client closing and closes the connection too (HTTP/1.1 here has no half-closed requests), so the
/// request log records 499; malformed chunks, from a client still there, are answered 400 in bunq's error shape.
/// </summary>
internal static class UnreadRequest
{
    /// <summary>
    /// The status the request log records for a client that went away before it could be answered: 499, nginx's
    /// "client closed request" (no answer was sent; HTTP has no code for it).
    /// </summary>
    public const int ClientClosedRequest = 499;

    /// <summary>
    /// Why the answer to this request cannot be given: 499 when the client is gone (reset, aborted — whatever was thrown
    /// then follows from that — or its body's input ended early), the 4xx of a body Kestrel could not read otherwise
    /// (malformed chunks); null for any other exception — an emulator fault. Decided by exception types, status codes and
    /// the connection itself, never by Kestrel's message text, which a Kestrel release may reword.
    /// </summary>
    public static int? StatusFor(HttpContext context, Exception exception) => exception switch
    {
        _ when context.RequestAborted.IsCancellationRequested => ClientClosedRequest,
        ConnectionResetException or ConnectionAbortedException => ClientClosedRequest,
        BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } when InputEnded(context) => ClientClosedRequest,
        BadHttpRequestException bad => bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400,
        _ => null,
    };

    /// <summary>
    /// Whether a body Kestrel rejected with 400 failed because the client closed its sending side. The end of the input
    /// can race the request's abort token (Kestrel cancels it on the thread pool after the body read has already failed),
    /// so the token alone cannot say. A body framed by <c>Content-Length</c> over HTTP/1.x fails to read in three ways
    /// only — too slow (408), too large (413), or its input ended before the declared length (400) — so its 400 is a
    /// client gone. A chunked body's 400 is either that or chunks that do not parse; the connection's socket tells them
    /// apart: after the client's FIN or reset it polls readable with nothing left to read.
    /// </summary>
    private static bool InputEnded(HttpContext context)
    {
        HttpRequest request = context.Request;
        if ((HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol)) && request.Headers.TransferEncoding.Count == 0)
        {
            return true;
        }

        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            return false; // no socket to ask (another transport): answered as malformed, as before
        }

        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return true; // closed or reset under us: the client is gone
        }
    }

    /// <summary>
    /// Answers an unreadable body in bunq's error shape, signed like every emulator answer on bunq's API.
    /// </summary>
    public static async Task AnswerAsync(HttpContext context, int status, ServerKey serverKey)
    {
        string problem = status == StatusCodes.Status408RequestTimeout
            ? "The request body arrived too slowly; nothing was kept."
            : "The request body could not be read: its framing (chunked encoding) is malformed. Nothing was kept.";
        byte[] body = System.Text.Encoding.UTF8.GetBytes(BunqJsonWriter.ErrorBody(problem).ToJsonString());
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (!OAuthEndpoint.Owns(context))
        {
            context.Response.Headers["X-Bunq-Server-Signature"] =
                Convert.ToBase64String(serverKey.Rsa.SignData(body, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }

        context.Response.ContentLength = body.Length;
        try
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
        catch (Exception e) when (StatusFor(context, e) is not null)
        {
            // the client is gone after all: nobody is left to answer
        }
    }
}
