namespace Bunq.Emulator;

/// <summary>
/// The changes the emulator models today, each turned into one <see cref="EmulatorEvents.Record"/> call: what the routes
/// call, one line per change point, under the state's lock.
/// </summary>
internal static class EventHooks
{
    /// <summary>
    /// A payment made from or received on an account: MUTATION always (bunq: "any action that affects a monetary
    /// account's balance"), PAYMENT only for plain payments (bunq: not "payments that result out of paying a Request,
    /// iDEAL, Sofort or Invoice"), outgoing negative, incoming positive.
    /// </summary>
    public static void Payment(this EmulatorEvents events, EmulatorState state, Payment payment)
    {
        Account account = state.Accounts[payment.AccountId];
        bool incoming = payment.Amount > 0;
        var topics = new List<CallbackTopic> { new("MUTATION", incoming ? "MUTATION_RECEIVED" : "MUTATION_CREATED") };
        if (payment.SubType == "PAYMENT")
        {
            topics.Insert(0, new CallbackTopic("PAYMENT", incoming ? "PAYMENT_RECEIVED" : "PAYMENT_CREATED"));
        }

        events.Record(account.UserId, account.Id, "Payment", BunqObjects.Payment(state, payment, account), topics);
    }

    /// <summary>A request made, or changed (accepted, revoked): REQUEST, "incoming requests and updates on outgoing requests".</summary>
    public static void Request(this EmulatorEvents events, EmulatorState state, RequestInquiry inquiry, bool update = false)
    {
        Account account = state.Accounts[inquiry.AccountId];
        string eventType = "REQUEST_INQUIRY_" + (update || inquiry.Status != "PENDING" ? inquiry.Status : "CREATED");
        events.Record(account.UserId, account.Id, "RequestInquiry", BunqObjects.RequestInquiry(state, inquiry, account), [new CallbackTopic("REQUEST", eventType)],
            update ? "UPDATE" : "CREATE");
    }
}
