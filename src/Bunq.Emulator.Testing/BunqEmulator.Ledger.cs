namespace Bunq.Emulator;

public sealed partial class BunqEmulator
{
    /// <summary>
    /// Accepts or rejects a pending draft payment as its account owner would in bunq's app ("a payment that the user must
    /// accept in the bunq app before it is executed", doc.bunq.com/draft-payment). Accepting runs every entry or none.
    /// </summary>
    /// <param name="draftPaymentId">The id <c>POST …/draft-payment</c> answered.</param>
    /// <param name="accept">True to accept (the payments run), false to reject.</param>
    /// <exception cref="ArgumentException">No such draft payment.</exception>
    /// <exception cref="InvalidOperationException">It is no longer pending, or accepting it failed (the balance does not cover it); it stays pending.</exception>
    public void AnswerDraftPayment(long draftPaymentId, bool accept)
    {
        lock (_state.Gate)
        {
            if (!_state.DraftPayments.TryGetValue(draftPaymentId, out DraftPayment? draft))
            {
                throw new ArgumentException("No such draft payment in this emulator.", nameof(draftPaymentId));
            }

            if (DraftPaymentRoutes.Answer(_state, draft, accept) is { } refusal)
            {
                throw new InvalidOperationException(refusal);
            }
        }

        _persistence?.Save(_state);
    }

    /// <summary>
    /// Pays a bunq.me tab as someone outside the emulator would through its share URL (the money comes from outside,
    /// like the sugar daddy's). Each payment shows in the tab's <c>result_inquiries</c> and the owner's payments.
    /// </summary>
    /// <param name="bunqMeTabId">The id <c>POST …/bunqme-tab</c> answered.</param>
    /// <param name="amount">What the payer pays when the tab leaves the amount open; for a tab with an amount, null or that amount.</param>
    /// <param name="payerName">The payer's name, as the owner sees it.</param>
    /// <exception cref="ArgumentException">No such tab.</exception>
    /// <exception cref="InvalidOperationException">The tab is closed, or the amount does not fit it.</exception>
    public void PayBunqMeTab(long bunqMeTabId, decimal? amount = null, string payerName = "bunq.me payer")
    {
        lock (_state.Gate)
        {
            if (!_state.BunqMeTabs.TryGetValue(bunqMeTabId, out BunqMeTab? tab))
            {
                throw new ArgumentException("No such bunq.me tab in this emulator.", nameof(bunqMeTabId));
            }

            if (BunqMeTabRoutes.Pay(_state, tab, amount, payerName) is { } refusal)
            {
                throw new InvalidOperationException(refusal);
            }
        }

        _persistence?.Save(_state);
    }
}
