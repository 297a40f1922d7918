using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bunq;

/// <summary>One callback request: caller check, bounded read, shape check, then the app's handler.</summary>
internal sealed partial class BunqCallbackReceiver(BunqCallbackOptions options, Func<BunqUnverifiedCallback, CancellationToken, Task> handler)
{
    private readonly IPNetwork[] _allowed = [.. options.AllowedCallers];

    public async Task HandleAsync(HttpContext context)
    {
        ILogger logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Bunq.Callbacks") ?? NullLogger.Instance;
        IPAddress? caller = context.Connection.RemoteIpAddress;
        if (caller?.IsIPv4MappedToIPv6 == true)
        {
            caller = caller.MapToIPv4();
        }

        if (caller is null || !Array.Exists(_allowed, network => network.Contains(caller)))
        {
            RefusedCaller(logger, caller?.ToString() ?? "(unknown)");
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        byte[]? body = await ReadAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            TooLarge(logger, options.MaxBodyBytes);
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        BunqUnverifiedCallback? callback = BunqUnverifiedCallback.TryParse(body);
        if (callback is null)
        {
            NotACallback(logger, body.Length);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        try
        {
            await handler(callback, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The type and a cleaned message (a handler's exception may quote what the callback said), then where it was
            // thrown: the stack names code, never data, and is what a developer needs to find the failing line.
            HandlerFailed(logger, callback.EventKey, e.GetType().FullName ?? "Exception", BunqCallbackText.Clean(e.Message), StackOf(e));
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        Received(logger, callback.EventKey);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>
    /// The body, or null when it is larger than <paramref name="max"/> bytes (read no further than that) or than the
    /// largest array .NET makes. One byte past the limit is read to tell "exactly max" from "more": counted in long, as
    /// <c>int.MaxValue + 1</c> overflowed and every callback became a 500.
    /// </summary>
    private static async Task<byte[]?> ReadAsync(HttpContext context, int max)
    {
        if (context.Request.ContentLength > max)
        {
            return null;
        }

        long past = max + 1L;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = past; // the server stops a larger body too, whatever it claims
        }

        byte[] buffer = new byte[Math.Min(past, 16 * 1024)];
        int total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > max || buffer.Length == Array.MaxLength)
                    {
                        return null;
                    }

                    Array.Resize(ref buffer, (int)Math.Min(Math.Min(buffer.Length * 2L, past), Array.MaxLength));
                }

                int read = await context.Request.Body.ReadAsync(buffer.AsMemory(total), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer[..total];
                }

                total += read;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused a bunq callback from {Caller}: not in the allowed callers (403); body not read")]
    private static partial void RefusedCaller(ILogger logger, string caller);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Refused a bunq callback larger than {MaxBodyBytes} bytes (413)")]
    private static partial void TooLarge(ILogger logger, int maxBodyBytes);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Refused a {Length}-byte body that is not a bunq NotificationUrl (400)")]
    private static partial void NotACallback(ILogger logger, int length);

    /// <summary>
    /// Where the exception (and each inner one) was thrown: types and stack frames, no messages (those may quote the
    /// callback). Each line is cleaned like callback text, so nothing but printable ASCII and the line breaks between
    /// frames reaches the log.
    /// </summary>
    internal static string StackOf(Exception exception)
    {
        var lines = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e != exception)
            {
                lines.Add("--- inner " + BunqCallbackText.Clean(e.GetType().FullName));
            }

            foreach (string frame in (e.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                lines.Add("   " + BunqCallbackText.Clean(frame, max: 500));
            }
        }

        return string.Join('\n', lines);
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "The bunq callback handler failed for {EventKey}: {ExceptionType}: {Message} (500, bunq will try again)\n{StackTrace}")]
    private static partial void HandlerFailed(ILogger logger, string eventKey, string exceptionType, string message, string stackTrace);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Handled the bunq callback {EventKey} (200)")]
    private static partial void Received(ILogger logger, string eventKey);
}
