using System.Net;
using System.Text;

namespace Bunq.Emulator;

/// <summary>
/// The inspector's buttons for pending draft payments: accept or reject one as its account owner would in bunq's app
/// (a form POST to <c>/_emulator/draft-payment</c>, guarded as every <see cref="InspectorForm"/> is).
/// </summary>
internal sealed class DraftPaymentForm : InspectorForm
{
    public override string Path => "/draft-payment";

    public override void AppendTable(StringBuilder html, EmulatorState state)
    {
        html.Append("<h2>Draft payments waiting for their owner</h2><table id=\"drafts\"><tr><th>draft</th><th>account</th><th>entries</th><th>answer</th></tr>");
        foreach (DraftPayment draft in state.DraftPayments.Values.Where(d => d.Status == "PENDING").OrderBy(d => d.Id))
        {
            string entries = string.Join("; ", draft.Entries.Select(e => BunqJsonWriter.Money(e.Amount) + " " + e.Currency + " to " + e.CounterpartyValue));
            html.Append("<tr><td>").Append(draft.Id).Append("</td><td>").Append(draft.AccountId).Append("</td><td>").Append(WebUtility.HtmlEncode(entries)).Append("</td><td>");
            OpenForm(html, draft.Id)
                .Append("<button name=\"decision\" value=\"accept\">Accept</button> <button name=\"decision\" value=\"reject\">Reject</button></form></td></tr>");
        }

        html.Append("</table>");
    }

    protected override string? Act(EmulatorState state, IFormCollection form)
    {
        string decision = form["decision"].ToString();
        if (decision is not ("accept" or "reject") || !TryId(form, out long draftId))
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
