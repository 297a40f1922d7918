using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;

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

    /// <summary>Kestrel's text for a body that ended before its Content-Length (its <c>CoreStrings.BadRequest_UnexpectedEndOfRequestContent</c>).</summary>
    private const string EndedEarly = "Unexpected end of request content.";

    /// <summary>
    /// Why the answer to this request cannot be given: 499 when the client is gone (reset, aborted — whatever was thrown
    /// then follows from that — or its body ended early), the 4xx of a body Kestrel could not read otherwise (malformed
    /// chunks); null for any other exception — an emulator fault.
    /// </summary>
    public static int? StatusFor(HttpContext context, Exception exception) => exception switch
    {
        _ when context.RequestAborted.IsCancellationRequested => ClientClosedRequest,
        ConnectionResetException or ConnectionAbortedException => ClientClosedRequest,
        BadHttpRequestException { Message: EndedEarly } => ClientClosedRequest,
        BadHttpRequestException bad => bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : 400,
        _ => null,
    };

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
