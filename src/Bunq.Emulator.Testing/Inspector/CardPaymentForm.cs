using System.Globalization;
using System.Net;
using System.Text;

namespace Bunq.Emulator;

/// <summary>
/// The inspector's card terminal: pay with a listed card as a shop's terminal would (bunq's card checks run, as for
/// <see cref="BunqEmulator.SpendWithCard"/>; a decline is recorded too). A form POST to <c>/_emulator/card-payment</c>,
/// guarded as every <see cref="InspectorForm"/> is.
/// </summary>
internal sealed class CardPaymentForm : InspectorForm
{
    public override string Path => "/card-payment";

    public override void AppendTable(StringBuilder html, EmulatorState state)
    {
        html.Append("<h2>Cards</h2><table id=\"cards\"><tr><th>card</th><th>user</th><th>account</th><th>status</th><th>limit / 24 h</th><th>pay at a terminal</th></tr>");
        foreach (Card card in state.Cards.Values.Where(c => !CardRules.Permanent.Contains(c.Status)).OrderBy(c => c.Id))
        {
            html.Append("<tr><td>").Append(card.Id).Append(' ').Append(WebUtility.HtmlEncode(card.Type)).Append("</td><td>").Append(card.UserId)
                .Append("</td><td>").Append(card.AccountId).Append("</td><td>").Append(WebUtility.HtmlEncode(card.Status)).Append("</td><td>")
                .Append(BunqJsonWriter.Money(card.Limit)).Append(' ').Append(CardRules.LimitCurrency).Append("</td><td>");
            OpenForm(html, card.Id)
                .Append("<input name=\"amount\" size=\"7\" placeholder=\"10.00\"> <input name=\"merchant\" size=\"14\" value=\"Emulated shop\"> <button>Pay</button></form></td></tr>");
        }

        html.Append("</table>");
    }

    /// <summary>Pays (or declines, recorded), or says what was wrong with the form.</summary>
    protected override string? Act(EmulatorState state, IFormCollection form)
    {
        string merchant = form["merchant"].ToString().Trim();
        if (!TryId(form, out long cardId)
            || !decimal.TryParse(form["amount"].ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount)
            || amount <= 0m || decimal.Round(amount, 2) != amount)
        {
            return "Give a listed card and a positive amount in cents (e.g. 10.00).";
        }

        if (merchant.Length is 0 or > 100 || merchant.Any(char.IsControl))
        {
            return "The merchant is a name of at most 100 printable characters.";
        }

        lock (state.Gate)
        {
            if (!state.Cards.TryGetValue(cardId, out Card? card))
            {
                return "No such card.";
            }

            CardRules.Spend(state, card, new CardSpend(amount, state.Accounts[card.AccountId].Currency, merchant, "Amsterdam", CardRules.DomesticCountry, Atm: false));
            return null;
        }
    }
}
