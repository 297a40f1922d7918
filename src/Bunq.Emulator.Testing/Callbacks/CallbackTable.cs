using System.Globalization;
using System.Net;
using System.Text;

namespace Bunq.Emulator;

/// <summary>The inspector's list of callbacks, newest first: target, category, event type, object, tries and outcome.</summary>
internal static class CallbackTable
{
    private const int Shown = 200;

    public static void Append(StringBuilder html, IReadOnlyList<EmulatorCallback> callbacks)
    {
        html.Append("<h2>Callbacks</h2><table id=\"callbacks\"><tr><th>callback</th><th>event</th><th>target</th><th>category</th><th>event type</th>")
            .Append("<th>object</th><th>tries</th><th>last try (UTC)</th><th>outcome</th></tr>");
        foreach (EmulatorCallback callback in callbacks.Reverse().Take(Shown))
        {
            EmulatorCallbackAttempt? last = callback.Attempts.Count > 0 ? callback.Attempts[^1] : null;
            string tried = last is null ? "not yet"
                : last.Time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + (last.Error ?? last.StatusCode?.ToString(CultureInfo.InvariantCulture));
            html.Append("<tr><td>").Append(callback.Id).Append("</td><td>").Append(callback.EventId).Append("</td><td><code>").Append(E(callback.Target))
                .Append("</code></td><td>").Append(E(callback.Category)).Append("</td><td>").Append(E(callback.EventType)).Append("</td><td>")
                .Append(E(callback.ObjectName)).Append(' ').Append(callback.ObjectId).Append("</td><td>").Append(callback.Attempts.Count).Append("</td><td>")
                .Append(E(tried)).Append("</td><td>").Append(callback.Outcome).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
