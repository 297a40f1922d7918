using System.Globalization;
using System.Net;
using System.Text;

namespace Bunq.Emulator;

/// <summary>
/// The inspector page at <c>/_emulator/</c> (outside <c>/v1/</c>, loopback callers only): the live request log with each
/// request's token, signature verdict (for an invalid one the length and SHA-256 of the bytes received, to compare with
/// what the client signed) and rate-limit use; the sessions with their expiry, installations, devices and permitted
/// IPs; the queued faults. Server-rendered HTML; a little script re-fetches the tables every second. It never shows an
/// API key, token or private key: tokens appear as the installation or session they belong to.
/// </summary>
internal sealed class InspectorMiddleware(RequestDelegate next, EmulatorState state, RequestLog log, EmulatorFaults faults, EmulatorStateFile? persistence = null)
{
    public const string Prefix = "/_emulator";
    private readonly InspectorForm[] _forms = [new DraftPaymentForm(), new CardPaymentForm()];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Prefix, out PathString rest))
        {
            await next(context);
            return;
        }

        IPAddress? caller = context.Connection.RemoteIpAddress;
        InspectorForm? form = context.Request.Method == "POST" ? Array.Find(_forms, f => f.Path == rest.Value) : null;
        if (caller is null || !IPAddress.IsLoopback(caller) || (context.Request.Method != "GET" && form is null))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (form is not null)
        {
            await form.AnswerAsync(context, state, persistence);
            return;
        }

        if (rest.Value is null or "")
        {
            context.Response.Redirect(Prefix + "/");
            return;
        }

        bool fragment = rest.Value == "/tables";
        if (!fragment && rest.Value != "/")
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        // The page is ours alone: no framing, no scripts but its own.
        context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";
        string tables = Tables();
        await context.Response.WriteAsync(fragment ? tables : Page(tables), context.RequestAborted);
    }

    private string Page(string tables) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>bunq emulator inspector</title>
        <style>
          body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222 }
          table { border-collapse: collapse; margin-bottom: 1.5em } td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left }
          th { background: #f3f3f3 } .invalid, .missing { color: #b00020; font-weight: bold } .valid { color: #1b7f3b }
          code { font-size: 12px }
        </style></head>
        <body><h1>bunq emulator</h1><p>Requests, newest first; updates every second. Tokens show as the installation or
        session they belong to; API keys, tokens and private keys are never shown.</p>
        <div id="tables">{{tables}}</div>
        <script>
          setInterval(async () => {
            const response = await fetch('{{Prefix}}/tables', { cache: 'no-store' });
            if (response.ok) { document.getElementById('tables').innerHTML = await response.text(); }
          }, 1000);
        </script></body></html>
        """;

    private string Tables()
    {
        var html = new StringBuilder();
        IReadOnlyList<UnexpectedFailure> failures = log.Failures();
        if (failures.Count > 0)
        {
            // An emulator fault is the first thing to see: the request was answered 500 because of it.
            html.Append("<h2>Unexpected errors</h2><table id=\"failures\"><tr><th>time (UTC)</th><th>verb</th><th>route</th><th>exception</th></tr>");
            foreach (UnexpectedFailure failure in failures.Reverse())
            {
                html.Append("<tr><td>").Append(E(failure.Time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture))).Append("</td><td>").Append(E(failure.Method))
                    .Append("</td><td><code>").Append(E(failure.Path)).Append("</code></td><td class=\"invalid\">").Append(E(failure.Exception)).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<h2>Requests</h2><table id=\"requests\"><tr><th>time (UTC)</th><th>verb</th><th>route</th><th>status</th><th>token</th><th>signature</th><th>rate limit</th></tr>");
        foreach (LoggedRequest entry in log.Recent().Reverse())
        {
            html.Append("<tr><td>").Append(E(entry.Time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))
                .Append("</td><td>").Append(E(entry.Public.Method)).Append("</td><td><code>").Append(E(entry.Public.Path)).Append("</code></td><td>")
                .Append(entry.Public.Status.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(entry.Token)).Append("</td><td class=\"")
                .Append(entry.Signature.ToString().ToLowerInvariant()).Append("\">").Append(E(Describe(entry))).Append("</td><td>").Append(E(entry.RateLimit)).Append("</td></tr>");
        }

        html.Append("</table>");
        lock (state.Gate)
        {
            foreach (InspectorForm form in _forms)
            {
                form.AppendTable(html, state);
            }
            html.Append("<h2>Sessions</h2><table id=\"sessions\"><tr><th>session</th><th>user</th><th>installation</th><th>expires (UTC)</th></tr>");
            foreach (Session session in state.SessionsByToken.Values.OrderBy(s => s.Id))
            {
                html.Append("<tr><td>").Append(session.Id).Append("</td><td>").Append(E(session.ApiKey.User.DisplayName)).Append(" (").Append(session.ApiKey.User.Id)
                    .Append(")</td><td>").Append(session.Installation.Id).Append("</td><td>").Append(E(BunqJsonWriter.Time(session.Expiry))).Append("</td></tr>");
            }

            html.Append("</table><h2>Installations</h2><table id=\"installations\"><tr><th>installation</th><th>client key (SHA-256 of the public key)</th></tr>");
            foreach (Installation installation in state.Installations.Values.OrderBy(i => i.Id))
            {
                html.Append("<tr><td>").Append(installation.Id).Append("</td><td><code>")
                    .Append(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(installation.ClientKey.ExportSubjectPublicKeyInfo()))[..16]).Append("…</code></td></tr>");
            }

            html.Append("</table><h2>Devices and permitted IPs</h2><table id=\"devices\"><tr><th>device</th><th>description</th><th>installation</th><th>user</th><th>registered from</th><th>permitted IPs</th></tr>");
            foreach (Device device in state.Devices.OrderBy(d => d.Id))
            {
                string ips = device.ApiKey.AllowAllIps ? "* (all)" : string.Join(", ", device.ApiKey.Ips.Select(ip => ip.Ip + " " + ip.Status));
                html.Append("<tr><td>").Append(device.Id).Append("</td><td>").Append(E(device.Description)).Append("</td><td>").Append(device.Installation.Id)
                    .Append("</td><td>").Append(device.ApiKey.User.Id).Append("</td><td>").Append(E(device.Ip)).Append("</td><td>").Append(E(ips)).Append("</td></tr>");
            }
        }

        html.Append("</table>");
        CallbackTable.Append(html, state.Events.Dispatcher.Snapshot());
        html.Append("<h2>Queued faults</h2><table id=\"faults\"><tr><th>fault</th><th>on paths containing</th></tr>");
        foreach (BunqFault fault in faults.Queued)
        {
            html.Append("<tr><td>").Append(fault.Kind).Append("</td><td>").Append(E(fault.PathContains ?? "(any)")).Append("</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string Describe(LoggedRequest entry) => entry.Signature switch
    {
        SignatureVerdict.Invalid => $"invalid: {entry.BodyLength} bytes received, SHA-256 {entry.Public.BodyDigest}",
        SignatureVerdict.Missing => "missing",
        SignatureVerdict.Valid => "valid",
        _ => "not checked",
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
