using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Bunq.Emulator;

/// <summary>
/// The inspector's buttons for pending draft payments: accept or reject one as its account owner would in bunq's app.
/// A form POST to <c>/_emulator/draft-payment</c> carrying the page's token, which only a page read from the emulator
/// holds (another site's form cannot read it), so no other page can answer a draft by posting to loopback.
/// </summary>
internal sealed class DraftPaymentForm
{
    public const string Path = "/draft-payment";
    private readonly string _token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public void AppendTable(StringBuilder html, EmulatorState state)
    {
        html.Append("<h2>Draft payments waiting for their owner</h2><table id=\"drafts\"><tr><th>draft</th><th>account</th><th>entries</th><th>answer</th></tr>");
        foreach (DraftPayment draft in state.DraftPayments.Values.Where(d => d.Status == "PENDING").OrderBy(d => d.Id))
        {
            string entries = string.Join("; ", draft.Entries.Select(e => BunqJsonWriter.Money(e.Amount) + " " + e.Currency + " to " + e.CounterpartyValue));
            html.Append("<tr><td>").Append(draft.Id).Append("</td><td>").Append(draft.AccountId).Append("</td><td>").Append(WebUtility.HtmlEncode(entries))
                .Append("</td><td><form method=\"post\" action=\"").Append(InspectorMiddleware.Prefix).Append(Path).Append("\"><input type=\"hidden\" name=\"token\" value=\"")
                .Append(_token).Append("\"><input type=\"hidden\" name=\"id\" value=\"").Append(draft.Id)
                .Append("\"><button name=\"decision\" value=\"accept\">Accept</button> <button name=\"decision\" value=\"reject\">Reject</button></form></td></tr>");
        }

        html.Append("</table>");
    }

    /// <summary>Answers the posted draft and goes back to the page (303), or says what was wrong (400).</summary>
    public async Task AnswerAsync(HttpContext context, EmulatorState state, EmulatorStateFile? persistence)
    {
        string? problem = "The form was not sent as a form.";
        if (context.Request.HasFormContentType)
        {
            IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
            problem = Answer(state, form["token"].ToString(), form["id"].ToString(), form["decision"].ToString());
        }

        if (problem is null)
        {
            persistence?.Save(state);
            context.Response.Redirect(InspectorMiddleware.Prefix + "/", permanent: false, preserveMethod: false); // 302: the browser reloads with GET
            return;
        }

        context.Response.StatusCode = 400;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(problem, context.RequestAborted);
    }

    private string? Answer(EmulatorState state, string token, string id, string decision)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(_token)))
        {
            return "This form did not come from the emulator's inspector page; reload it.";
        }

        if (decision is not ("accept" or "reject") || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long draftId))
        {
            return "Pick Accept or Reject for a listed draft payment.";
        }

        lock (state.Gate)
        {
            return state.DraftPayments.TryGetValue(draftId, out DraftPayment? draft)
                ? DraftPaymentRoutes.Answer(state, draft, decision == "accept")
                : "No such draft payment.";
        }
    }
}
