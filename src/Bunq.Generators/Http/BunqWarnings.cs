using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Bunq;

/// <summary>Surfaces <c>X-Bunq-Warning</c>: a Warning log line, an event on the call's span, and the caller's callback.</summary>
internal static class BunqWarnings
{
    public const string Header = "X-Bunq-Warning";

    /// <summary>The most characters of one warning kept: the header comes from the server and is not signed.</summary>
    public const int MaxLength = BunqUntrustedText.MaxLength;

    public static void Report(HttpResponseMessage response, HttpRequestMessage request, string? responseId, ILogger logger, Action<BunqWarning>? callback)
    {
        if (!response.Headers.NonValidated.TryGetValues(Header, out HeaderStringValues values))
        {
            return;
        }

        foreach (string value in values)
        {
            string text = Clean(value);
            if (text.Length == 0)
            {
                continue;
            }

            string path = request.RequestUri!.AbsolutePath;
            BunqLog.BunqWarning(logger, request.Method, path, text, responseId);
            if (Activity.Current is { } activity && activity.Source == BunqTelemetry.Source)
            {
                activity.AddEvent(new ActivityEvent(BunqTelemetry.Warning, tags: new ActivityTagsCollection { [BunqTelemetry.Warning + ".message"] = text }));
            }

            Deliver(callback, new BunqWarning(text, request.Method.Method, path, responseId), logger);
        }
    }

    /// <summary>
    /// The header as it may be shown: through <see cref="BunqUntrustedText"/> (escape sequences removed whole, other
    /// control characters spaced, at most <see cref="MaxLength"/> characters), then trimmed. The header is not covered by
    /// bunq's signature, so it is text nobody vouched for.
    /// </summary>
    public static string Clean(string value) => BunqUntrustedText.Clean(value, MaxLength).Trim();

    // The call succeeded at the bank (a payment may have been made): a failing callback must not turn that into an error.
#pragma warning disable CA1031
    private static void Deliver(Action<BunqWarning>? callback, BunqWarning warning, ILogger logger)
    {
        if (callback is null)
        {
            return;
        }

        try
        {
            callback(warning);
        }
        catch (Exception e)
        {
            BunqLog.WarningCallbackFailed(logger, e);
        }
    }
#pragma warning restore CA1031
}
