using System.Globalization;
using System.Text.Json;

namespace Bunq.Emulator;

/// <summary>
/// bunq's rules for cards and card payments, each with its source (docs/emulator-rules.md lists them). Called under the
/// state's lock, by the card routes and by <see cref="BunqEmulator.SpendWithCard"/>.
/// </summary>
internal static class CardRules
{
    public const string Allowed = "ALLOWED";

    /// <summary>The country domestic to the card ("Defaults to country of residence of user"): the emulator's users live in NL.</summary>
    public const string DomesticCountry = "NL";

    /// <summary>together.bunq.com/d/6635 "What are my daily limits": PIN and online card transactions, "Default limit: €1,000 per 24 hours".</summary>
    public const decimal DefaultLimit = 1_000m;

    /// <summary>together.bunq.com/d/6635: "Maximum limit: €50,000 per 24 hours".</summary>
    public const decimal MaxLimit = 50_000m;

    /// <summary>together.bunq.com/d/6635, cash withdrawals: at most €1,000 per 24 hours ("the maximum technically possible").</summary>
    public const decimal MaxAtmLimit = 1_000m;

    public const decimal DefaultAtmLimit = MaxAtmLimit;

    /// <summary>together.bunq.com/d/6635: "Account verified less than 3 months ago: €250 per 24 hours, per person".</summary>
    public const decimal NewPersonAtmCap = 250m;

    /// <summary>Card limits are stated in euro (together.bunq.com/d/6635); the emulator has no exchange rates.</summary>
    public const string LimitCurrency = "EUR";

    /// <summary>The limits' period: "per 24 hours" (together.bunq.com/d/6635), a rolling window on the emulator's clock.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>
    /// bunq's <c>Card.status</c> (OpenAPI): "Can be ACTIVE, DEACTIVATED, LOST, STOLEN or CANCELLED … Mind that all the
    /// possible choices (apart from ACTIVE and DEACTIVATED) are permanent and cannot be changed after."
    /// </summary>
    public static readonly IReadOnlySet<string> Settable = new HashSet<string>(StringComparer.Ordinal) { "ACTIVE", "DEACTIVATED", "LOST", "STOLEN", "CANCELLED" };

    public static readonly IReadOnlySet<string> Permanent = new HashSet<string>(StringComparer.Ordinal) { "LOST", "STOLEN", "CANCELLED" };

    /// <summary>"can only be set to LOST/STOLEN/CANCELLED when order status is ACCEPTED_FOR_PRODUCTION/DELIVERED_TO_CUSTOMER/CARD_UPDATE_REQUESTED/CARD_UPDATE_SENT/CARD_UPDATE_ACCEPTED".</summary>
    private static readonly HashSet<string> Produced = new(StringComparer.Ordinal)
    {
        "ACCEPTED_FOR_PRODUCTION", "DELIVERED_TO_CUSTOMER", "CARD_UPDATE_REQUESTED", "CARD_UPDATE_SENT", "CARD_UPDATE_ACCEPTED", "VIRTUAL_DELIVERY",
    };

    /// <summary>"Can only be set to DEACTIVATED after initial activation, i.e. order_status is DELIVERED_TO_CUSTOMER/CARD_UPDATE_REQUESTED/CARD_UPDATE_SENT/CARD_UPDATE_ACCEPTED".</summary>
    private static readonly HashSet<string> Activated = new(StringComparer.Ordinal)
    {
        "DELIVERED_TO_CUSTOMER", "CARD_UPDATE_REQUESTED", "CARD_UPDATE_SENT", "CARD_UPDATE_ACCEPTED",
    };

    /// <summary>Whether <paramref name="card"/> may move to <paramref name="status"/>; the refusal, or null.</summary>
    public static string? CheckStatus(Card card, string status)
    {
        if (!Settable.Contains(status))
        {
            return "Field 'status' can be ACTIVE, DEACTIVATED, LOST, STOLEN or CANCELLED.";
        }

        if (Permanent.Contains(card.Status))
        {
            return status == card.Status ? null : $"The card is {card.Status}; that status is permanent and cannot be changed.";
        }

        bool delivered = Activated.Contains(card.OrderStatus) || (card.OrderStatus == "VIRTUAL_DELIVERY" && card.ActivatedOnce);
        return status switch
        {
            "LOST" or "STOLEN" or "CANCELLED" when !Produced.Contains(card.OrderStatus) => $"A card can be set {status} once it is produced; its order status is {card.OrderStatus}.",
            "DEACTIVATED" when !delivered => "A card can only be DEACTIVATED after its first activation.",
            "ACTIVE" when !delivered && card.OrderStatus is not ("ACCEPTED_FOR_PRODUCTION" or "VIRTUAL_DELIVERY") => $"The card cannot be activated while its order status is {card.OrderStatus}.",
            _ => null,
        };
    }

    /// <summary>Sets the status; activating a produced card means it was received ("When the card has been received, it can be also activated").</summary>
    public static void SetStatus(Card card, string status)
    {
        if (status == "ACTIVE")
        {
            card.ActivatedOnce = true;
            if (card.OrderStatus == "ACCEPTED_FOR_PRODUCTION")
            {
                card.OrderStatus = "DELIVERED_TO_CUSTOMER";
            }
        }

        card.Status = status;
    }

    /// <summary>Reads a limit (<c>{"value","currency"}</c>): euro, cents, from 0 up to <paramref name="max"/>.</summary>
    /// <returns>The refusal, or null with <paramref name="value"/> set.</returns>
    public static string? TryLimit(JsonElement? body, string field, decimal max, out decimal value)
    {
        JsonElement? amount = body.Child(field);
        string text = amount.String("value") ?? string.Empty;
        int point = text.IndexOf('.', StringComparison.Ordinal);
        bool number = decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && (point < 0 || text.Length - point - 1 <= 2);
        if (!number || amount.String("currency") != LimitCurrency)
        {
            return $"Field '{field}' must be an amount in {LimitCurrency} (value with at most two decimals).";
        }

        return value > max ? $"Field '{field}' can be at most {BunqJsonWriter.Money(max)} {LimitCurrency} (bunq's maximum per 24 hours)." : null;
    }

    /// <summary>
    /// A card payment at a merchant, or a cash withdrawal: checked as bunq's card processing does, then paid through the
    /// <see cref="Ledger"/> (a MASTERCARD payment) or declined; either way a <see cref="MasterCardAction"/> is kept and its
    /// event raised (CARD_TRANSACTION_SUCCESSFUL or CARD_TRANSACTION_FAILED).
    /// </summary>
    public static MasterCardAction Spend(EmulatorState state, Card card, CardSpend spend)
    {
        (string decision, string? reason, Account charged) = Decide(state, card, spend);
        long id = state.NextId();
        Payment? payment = decision == Allowed
            ? state.Ledger.CardPayment(charged, spend.Amount, spend.Merchant, spend.Atm ? "ATM withdrawal" : spend.Merchant)
            : null;
        var action = new MasterCardAction(id, card.Id, charged.Id, spend.Amount, spend.Currency, spend.Merchant, state.Now)
        {
            City = spend.City, Country = spend.Country, Atm = spend.Atm, Decision = decision, DecisionDescription = reason, PaymentId = payment?.Id,
        };
        state.CardActions.Add(action.Id, action);
        state.Events.CardTransaction(state, action);
        return action;
    }

    /// <summary>The first check that fails, in the order a card payment meets them, and the account to charge.</summary>
    private static (string Decision, string? Reason, Account Charged) Decide(EmulatorState state, Card card, CardSpend spend)
    {
        Account primary = state.Accounts[card.AccountId];
        if (card.Status != "ACTIVE")
        {
            return ("CARD_NOT_ACTIVE", $"The card is {card.Status}.", primary);
        }

        DateTimeOffset now = state.Now;
        if (spend.Country != DomesticCountry && card.Countries.Count > 0
            && !card.Countries.Exists(p => p.Country == spend.Country && (p.Expiry is null || p.Expiry > now)))
        {
            return ("COUNTRY_NOT_PERMITTED", $"The card is not permitted in {spend.Country}.", primary);
        }

        if (spend.Currency != primary.Currency)
        {
            return ("CURRENCY_NOT_SUPPORTED", $"The emulator converts no currencies: pay in {primary.Currency}.", primary);
        }

        decimal spent = SpentInWindow(state, a => a.CardId == card.Id && a.Atm == spend.Atm, now);
        decimal limit = spend.Atm ? card.AtmLimit : card.Limit;
        if (spent + spend.Amount > limit)
        {
            return (spend.Atm ? "ATM_LIMIT_EXCEEDED" : "CARD_LIMIT_EXCEEDED",
                $"The card's {(spend.Atm ? "ATM " : string.Empty)}limit of {BunqJsonWriter.Money(limit)} {LimitCurrency} per 24 hours would be exceeded.", primary);
        }

        if (spend.Atm)
        {
            decimal cap = now - state.Users[card.UserId].Created < TimeSpan.FromDays(90) ? NewPersonAtmCap : MaxAtmLimit;
            var mine = state.Cards.Values.Where(c => c.UserId == card.UserId).Select(c => c.Id).ToHashSet();
            if (SpentInWindow(state, a => a.Atm && mine.Contains(a.CardId), now) + spend.Amount > cap)
            {
                return ("ATM_LIMIT_EXCEEDED", $"Cash withdrawals are limited to {BunqJsonWriter.Money(cap)} {LimitCurrency} per 24 hours per person.", primary);
            }
        }

        if (primary.Status != "ACTIVE")
        {
            return ("ACCOUNT_NOT_ACTIVE", "The card's monetary account is closed.", primary);
        }

        if (primary.Balance >= spend.Amount)
        {
            return (Allowed, null, primary);
        }

        // "ID of the MA to be used as fallback for this card if insufficient balance" (bunq's Card.monetary_account_id_fallback).
        if (card.FallbackAccountId is { } fallbackId && state.Accounts[fallbackId] is { Status: "ACTIVE" } fallback
            && fallback.Currency == spend.Currency && fallback.Balance >= spend.Amount)
        {
            return (Allowed, null, fallback);
        }

        return ("INSUFFICIENT_BALANCE", "The balance does not cover the payment.", primary);
    }

    private static decimal SpentInWindow(EmulatorState state, Func<MasterCardAction, bool> counts, DateTimeOffset now) =>
        state.CardActions.Values.Where(a => a.IsAllowed && a.Created > now - Window && counts(a)).Sum(a => a.Amount);
}

/// <summary>What a card terminal (or ATM) asks: an amount in a currency, at a merchant in a city and country.</summary>
internal sealed record CardSpend(decimal Amount, string Currency, string Merchant, string City, string Country, bool Atm);
