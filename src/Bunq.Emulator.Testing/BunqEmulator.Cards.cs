namespace Bunq.Emulator;

public sealed partial class BunqEmulator
{
    /// <summary>
    /// Pays with a card as a card terminal (or an ATM) would: bunq's card checks run (the card is ACTIVE, the country is
    /// permitted, the currency is the account's, the card's limit per 24 hours holds, the balance — or the fallback
    /// account's — covers it), then the money leaves through the ledger as a payment of type MASTERCARD. Allowed or
    /// declined, the authorisation is kept as a MasterCardAction (<c>GET …/mastercard-action</c>) and raises its event and
    /// callbacks (CARD_TRANSACTION_SUCCESSFUL or CARD_TRANSACTION_FAILED; the payment adds PAYMENT and MUTATION).
    /// </summary>
    /// <param name="cardId">The id <c>POST …/card-debit</c> or <c>card-credit</c> answered.</param>
    /// <param name="amount">What the merchant asks: positive, in cents.</param>
    /// <param name="merchant">The merchant's name, as the terminal announces it.</param>
    /// <param name="currency">The currency the merchant asks in (the emulator converts none: a currency other than the account's is declined).</param>
    /// <param name="country">The terminal's country, two capital letters.</param>
    /// <param name="atm">A cash withdrawal (counts against <c>card_limit_atm</c>) rather than a PIN or online payment.</param>
    /// <returns>The authorisation: allowed with its payment, or declined with bunq's reason.</returns>
    /// <exception cref="ArgumentException">No such card, or an amount, merchant or country that is not one.</exception>
    public EmulatorCardTransaction SpendWithCard(long cardId, decimal amount, string merchant = "Emulated merchant", string currency = "EUR", string country = "NL", bool atm = false)
    {
        if (amount <= 0m || decimal.Round(amount, 2) != amount)
        {
            throw new ArgumentException("A card payment is a positive amount in cents.", nameof(amount));
        }

        if (string.IsNullOrWhiteSpace(merchant) || merchant.Length > 100 || merchant.Any(char.IsControl))
        {
            throw new ArgumentException("The merchant is a name of at most 100 printable characters.", nameof(merchant));
        }

        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper) || country is not { Length: 2 } || !country.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException("The currency is three capital letters and the country two.", currency is { Length: 3 } ? nameof(country) : nameof(currency));
        }

        MasterCardAction action;
        lock (_state.Gate)
        {
            if (!_state.Cards.TryGetValue(cardId, out Card? card))
            {
                throw new ArgumentException("No such card in this emulator.", nameof(cardId));
            }

            action = CardRules.Spend(_state, card, new CardSpend(amount, currency, merchant, "Amsterdam", country, atm));
        }

        _persistence?.Save(_state);
        return new EmulatorCardTransaction(action.Id, action.Decision, action.DecisionDescription, action.PaymentId);
    }
}
