using System.Security.Cryptography;

namespace Bunq.Emulator;

/// <summary>
/// Writes every request (bunq's API and its OAuth hosts) to the one <see cref="RequestLog"/> as its answer starts,
/// with what the protocol middleware found (<see cref="CallContext"/>). An exception that escapes a route is an
/// emulator fault: it is logged, listed on the inspector page and answered 500, never swallowed. A client that went
/// away mid-request (<see cref="UnreadRequest"/>) is none: it is logged as a request (400 answered, or 499 when gone).
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, EmulatorState state, RequestLog log, ServerKey serverKey, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Written when the answer starts, before its first byte leaves: a client (a test) that reads the log as soon as it
        // has its answer finds the request there. An answer that never starts (a client gone) is written at the end.
        var entry = new PendingEntry(context, state.Now, log);
        context.Response.OnStarting(static pending => ((PendingEntry)pending).Write(), entry);
        try
        {
            await next(context);
        }
        catch (Exception e) when ((entry.Unread = UnreadRequest.StatusFor(context, e)) is not null)
        {
            if (entry.Unread == UnreadRequest.ClientClosedRequest)
            {
                context.Abort(); // nobody to answer: close rather than let the server write a default answer
            }
            else if (!context.Response.HasStarted)
            {
                await UnreadRequest.AnswerAsync(context, entry.Unread.Value, serverKey);
            }
        }
        catch (Exception e)
        {
            Report(context, state, log, logger, e);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = 500;
            }
        }

        await entry.Write();
    }

    /// <summary>One request's log entry, written once: when its answer starts, or when the pipeline is done without one.</summary>
    private sealed class PendingEntry(HttpContext context, DateTimeOffset started, RequestLog log)
    {
        private bool _written;

        /// <summary>The status of a request whose body could not be read (<see cref="UnreadRequest"/>), if so.</summary>
        public int? Unread { get; set; }

        public Task Write()
        {
            if (_written)
            {
                return Task.CompletedTask;
            }

            _written = true;
            HttpRequest request = context.Request;
            var call = context.Items[typeof(CallContext)] as CallContext; // null on bunq's OAuth hosts
            string requestId = request.Headers["X-Bunq-Client-Request-Id"].ToString();
            byte[] body = call?.Body ?? [];
            // The path only: on the OAuth hosts the query carries the code and the client secret.
            var entry = new EmulatorRequest(request.Method, request.Path.Value ?? string.Empty, call?.Ip ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                Unread ?? context.Response.StatusCode,
                request.Headers.ContainsKey("X-Bunq-Client-Signature"), requestId, call is null ? string.Empty : HashOf(body));
            log.Add(new LoggedRequest(started, entry, call?.Token ?? "none", call?.Signature ?? SignatureVerdict.NotChecked, body.Length, call?.RateLimit ?? string.Empty));
            return Task.CompletedTask;
        }
    }

    // Most requests (every GET) carry no body: their hash is the same each time.
    private static readonly string EmptyBodyHash = Convert.ToHexStringLower(SHA256.HashData([]));

    private static string HashOf(byte[] body) => body.Length == 0 ? EmptyBodyHash : Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>Logs an unexpected exception and keeps it for the inspector page.</summary>
    public static void Report(HttpContext context, EmulatorState state, RequestLog log, ILogger logger, Exception exception)
    {
        string path = context.Request.Path.Value ?? string.Empty;
        UnexpectedError(logger, context.Request.Method, path, exception);
        log.AddFailure(new UnexpectedFailure(state.Now, context.Request.Method, path, exception.GetType().Name + ": " + exception.Message));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unexpected error answering {Method} {Path}; answered 500")]
    private static partial void UnexpectedError(ILogger logger, string method, string path, Exception exception);
}
