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
}
