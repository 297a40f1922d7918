using System.Text.Json;

namespace Bunq.Emulator;

/// <summary>
/// A payment order the sandbox's rules allow: an amount in the paying account's currency to an emulated account, or
/// to the sugar daddy (who takes money, the one counterparty outside the emulator). Balance is checked when it runs.
/// </summary>
internal sealed record PaymentOrder(decimal Amount, string Currency, string Description, string CounterpartyType, string CounterpartyValue, string? CounterpartyName, Account? Target);

/// <summary>
/// Where money moves: every balance change of the emulator goes through here, in the state's lock, so the sum of all
/// balances changes only by money from or to outside (sugar daddy top-ups, payments to him, card payments to merchants) and no balance goes below
/// zero. Each executed movement is recorded once (<see cref="Record"/>), the one place an event for it is raised.
/// </summary>
/// <remarks>
/// The sandbox's rule (bunq's sandbox docs): "We do not use real money and do not allow external transactions in the
/// sandbox environment"; money is in cents (two decimals) and in the account's currency.
/// </remarks>
internal sealed class Ledger(EmulatorState state)
{
    public const string SugarDaddy = "sugardaddy@bunq.com";

    /// <summary>Sugar Daddy gives at most this much per request (bunq's sandbox docs).</summary>
    public const decimal SugarDaddyLimit = 500m;

    /// <summary>Reads one payment order (<c>amount</c>, <c>counterparty_alias</c>, <c>description</c>) from <paramref name="from"/>.</summary>
    /// <returns>The refusal text, or null with <paramref name="order"/> set.</returns>
    public string? TryOrder(Account from, JsonElement? body, out PaymentOrder order)
    {
        order = null!;
        JsonElement? alias = body.Child("counterparty_alias");
        string? type = alias.String("type");
        string? value = alias.String("value");
        if (!body.TryAmount("amount", out decimal amount, out string currency) || type is null || value is null)
        {
            return "A payment needs 'amount' (positive value with at most two decimals, and currency) and 'counterparty_alias' (type and value).";
        }

        if (from.Status != "ACTIVE")
        {
            return "The monetary account is closed.";
        }

        if (currency != from.Currency)
        {
            return $"The payment currency {currency} differs from the account currency {from.Currency}.";
        }

        // Where the money goes: only bunq accounts exist in the sandbox. bunq's exact refusal text for an external
        // counterparty is not known to us; this 400 says what the rule is.
        Account? target = Find(type, value, currency);
        if (target is null && !IsSugarDaddy(type, value))
        {
            return "The sandbox does not allow external transactions: pay another sandbox user's IBAN or e-mail, or sugardaddy@bunq.com.";
        }

        if (target is not null && target.Currency != currency)
        {
            return $"The counterparty account holds {target.Currency}, not {currency}.";
        }

        if (target is { Status: not "ACTIVE" })
        {
            return "The counterparty account is closed.";
        }

        if (target == from)
        {
            return "A payment cannot go to the account it is paid from.";
        }

        order = new PaymentOrder(amount, currency, body.String("description") ?? string.Empty, type, value, alias.String("name"), target);
        return null;
    }

    /// <summary>The emulated account an alias names: an account's IBAN, or a person's e-mail (their oldest account in the currency).</summary>
    public Account? Find(string type, string value, string currency) => type switch
    {
        "IBAN" => state.FindAccountByIban(value),
        "EMAIL" when state.FindUserByEmail(value) is { } user => state.PrimaryAccount(user.Id, currency),
        _ => null,
    };

    public static bool IsSugarDaddy(string type, string value) => type == "EMAIL" && string.Equals(value, SugarDaddy, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Runs <paramref name="orders"/> from <paramref name="from"/> all or nothing: when the balance does not cover their
    /// sum, none runs. Returns the paying side's payments, in order, or null when refused (<paramref name="refusal"/>).
    /// </summary>
    public IReadOnlyList<Payment>? Execute(Account from, IReadOnlyList<PaymentOrder> orders, out string? refusal, string subType = "PAYMENT", long? batchId = null, long? scheduleId = null)
    {
        // A closed account neither pays nor receives, also when an order made earlier runs now (a schedule's run, an
        // accepted draft, a paid request): checked here, where the money moves, not only when the order was made.
        if (from.Status != "ACTIVE")
        {
            refusal = "The monetary account is closed.";
            return null;
        }

        for (int i = 0; i < orders.Count; i++) // an indexed loop: no enumerator on every payment's path
        {
            if (orders[i].Target is { Status: not "ACTIVE" })
            {
                refusal = "The counterparty account is closed.";
                return null;
            }
        }

        if (from.Balance < orders.Sum(o => o.Amount))
        {
            refusal = "Insufficient balance for this payment.";
            return null;
        }

        refusal = null;
        var paid = new List<Payment>(orders.Count);
        foreach (PaymentOrder order in orders)
        {
            from.Balance -= order.Amount;
            Payment payment = new(state.NextId(), from.Id, -order.Amount, order.Currency, order.Description, order.CounterpartyType, order.CounterpartyValue, order.CounterpartyName, state.Now)
            {
                BalanceAfter = from.Balance, SubType = subType, BatchId = batchId, ScheduleId = scheduleId,
            };
            Record(payment);
            paid.Add(payment);
            if (order.Target is { } target)
            {
                target.Balance += order.Amount;
                Record(new Payment(state.NextId(), target.Id, order.Amount, order.Currency, order.Description, "IBAN", from.Iban, state.Users[from.UserId].DisplayName, state.Now)
                {
                    BalanceAfter = target.Balance, SubType = subType, BatchId = batchId, ScheduleId = scheduleId,
                });
            }
        }

        return paid;
    }

    /// <summary>Money from outside the emulator (the sugar daddy answering a request): the one way the sum of balances grows.</summary>
    public Payment TopUp(Account to, decimal amount, string description, string counterpartyType, string counterpartyValue, string counterpartyName)
    {
        to.Balance += amount;
        var payment = new Payment(state.NextId(), to.Id, amount, to.Currency, description, counterpartyType, counterpartyValue, counterpartyName, state.Now)
        {
            BalanceAfter = to.Balance, SubType = "REQUEST",
        };
        Record(payment);
        return payment;
    }

    /// <summary>
    /// A card payment to a merchant (or an ATM): money leaving the emulator, like a payment to the sugar daddy. The caller
    /// checked the balance (<see cref="CardRules"/>); bunq shows it as a payment of type MASTERCARD.
    /// </summary>
    public Payment CardPayment(Account from, decimal amount, string merchant, string description)
    {
        if (from.Balance < amount)
        {
            throw new InvalidOperationException("A card payment must be checked against the balance first.");
        }

        from.Balance -= amount;
        var payment = new Payment(state.NextId(), from.Id, -amount, from.Currency, description, "MERCHANT", merchant, merchant, state.Now)
        {
            BalanceAfter = from.Balance, Type = "MASTERCARD",
        };
        Record(payment);
        return payment;
    }

    /// <summary>The one place an executed payment is kept, and its one event (MUTATION, PAYMENT) raised.</summary>
    private void Record(Payment payment)
    {
        state.Payments.Add(payment);
        state.Events.Payment(state, payment);
    }
}
