using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Bunq.Emulator;

/// <summary>
/// The inspector's card terminal: pay with a listed card as a shop's terminal would (bunq's card checks run, as for
/// <see cref="BunqEmulator.SpendWithCard"/>; a decline is recorded too). A form POST to <c>/_emulator/card-payment</c>
/// carrying the page's token, as <see cref="DraftPaymentForm"/>'s does, so no other page can pay by posting to loopback.
/// </summary>
internal sealed class CardPaymentForm
{
    public const string Path = "/card-payment";
    private readonly string _token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public void AppendTable(StringBuilder html, EmulatorState state)
    {
        html.Append("<h2>Cards</h2><table id=\"cards\"><tr><th>card</th><th>user</th><th>account</th><th>status</th><th>limit / 24 h</th><th>pay at a terminal</th></tr>");
        foreach (Card card in state.Cards.Values.Where(c => !CardRules.Permanent.Contains(c.Status)).OrderBy(c => c.Id))
        {
            html.Append("<tr><td>").Append(card.Id).Append(' ').Append(WebUtility.HtmlEncode(card.Type)).Append("</td><td>").Append(card.UserId)
                .Append("</td><td>").Append(card.AccountId).Append("</td><td>").Append(WebUtility.HtmlEncode(card.Status)).Append("</td><td>")
                .Append(BunqJsonWriter.Money(card.Limit)).Append(' ').Append(CardRules.LimitCurrency)
                .Append("</td><td><form method=\"post\" action=\"").Append(InspectorMiddleware.Prefix).Append(Path).Append("\"><input type=\"hidden\" name=\"token\" value=\"")
                .Append(_token).Append("\"><input type=\"hidden\" name=\"id\" value=\"").Append(card.Id)
                .Append("\"><input name=\"amount\" size=\"7\" placeholder=\"10.00\"> <input name=\"merchant\" size=\"14\" value=\"Emulated shop\"> <button>Pay</button></form></td></tr>");
        }

        html.Append("</table>");
    }

    /// <summary>Pays (or declines, recorded) and goes back to the page (302), or says what was wrong with the form (400).</summary>
    public async Task AnswerAsync(HttpContext context, EmulatorState state, EmulatorStateFile? persistence)
    {
        string? problem = "The form was not sent as a form.";
        if (context.Request.HasFormContentType)
        {
            IFormCollection form = await context.Request.ReadFormAsync(context.RequestAborted);
            problem = Pay(state, form["token"].ToString(), form["id"].ToString(), form["amount"].ToString(), form["merchant"].ToString().Trim());
        }

        if (problem is null)
        {
            persistence?.Save(state);
            context.Response.Redirect(InspectorMiddleware.Prefix + "/", permanent: false, preserveMethod: false);
            return;
        }

        context.Response.StatusCode = 400;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(problem, context.RequestAborted);
    }

    private string? Pay(EmulatorState state, string token, string id, string amountText, string merchant)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(_token)))
        {
            return "This form did not come from the emulator's inspector page; reload it.";
        }

        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out long cardId)
            || !decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount)
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
