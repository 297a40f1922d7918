using System.Text;
using System.Text.Encodings.Web;

namespace Bunq.Emulator;

/// <summary>
/// The emulator's OAuth consent page: which app asks, where it will send the user back, and one button per sandbox user
/// who can grant access (the emulator has no login; picking the user stands in for bunq's app login). Everything shown
/// is HTML-encoded: client names and URLs come from callers.
/// </summary>
internal static class ConsentPage
{
    public static IResult Render(OAuthConsent consent, IEnumerable<User> users)
    {
        HtmlEncoder html = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>bunq emulator: grant access</title>")
            .Append("<style>body{font-family:sans-serif;max-width:36em;margin:2em auto}button{display:block;margin:.4em 0;padding:.5em 1em}</style></head><body>")
            .Append("<h1>Grant access</h1>")
            .Append("<p><strong id=\"app\">").Append(html.Encode(consent.Authorization.Client.Owner.DisplayName)).Append("</strong> asks to access your bunq accounts. ")
            .Append("You will be sent back to <code id=\"redirect\">").Append(html.Encode(consent.Authorization.RedirectUri)).Append("</code>.</p>")
            .Append("<form method=\"post\" action=\"").Append(OAuthRoutes.AuthorizePath).Append("\">")
            .Append("<input type=\"hidden\" name=\"ticket\" value=\"").Append(html.Encode(consent.Ticket)).Append("\">")
            .Append("<fieldset><legend>Grant as</legend>");
        foreach (User user in users)
        {
            page.Append("<button type=\"submit\" name=\"user_id\" value=\"").Append(user.Id).Append("\" data-user-id=\"").Append(user.Id).Append("\">")
                .Append(html.Encode(user.DisplayName)).Append(" (").Append(user.Id).Append(")</button>");
        }

        page.Append("</fieldset><button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button></form></body></html>");
        return new HtmlResult(200, page.ToString());
    }

    public static IResult Error(int status, string message) =>
        new HtmlResult(status, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>bunq emulator: OAuth error</title></head><body><h1>OAuth error</h1><p id=\"error\">"
            + HtmlEncoder.Default.Encode(message) + "</p></body></html>");

    private sealed class HtmlResult(int status, string body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            // No framing (clickjacking a consent button), no caching of a page holding a ticket, no scripts at all.
            httpContext.Response.Headers.XFrameOptions = "DENY";
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
            return httpContext.Response.WriteAsync(body);
        }
    }
}
