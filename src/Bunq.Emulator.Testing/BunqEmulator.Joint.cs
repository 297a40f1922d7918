namespace Bunq.Emulator;

public sealed partial class BunqEmulator
{
    /// <summary>
    /// Accepts or rejects an invitation to co-own a joint account, as the invited user would in bunq's app (bunq's
    /// <c>CoOwnerInviteResponse</c>: "Used to accept or reject a monetaryAccountJoint co-ownership"). Once accepted, the
    /// account is that user's too: listed, paid from and closed through the API as their own.
    /// </summary>
    /// <param name="jointAccountId">The id <c>POST …/monetary-account-joint</c> answered.</param>
    /// <param name="coOwnerUserId">The invited user's id.</param>
    /// <param name="accept">True to accept (ACCEPTED), false to reject (REJECTED).</param>
    /// <exception cref="ArgumentException">No such joint account.</exception>
    /// <exception cref="InvalidOperationException">The user is not invited, or has answered already.</exception>
    public void AnswerCoOwnerInvite(long jointAccountId, long coOwnerUserId, bool accept)
    {
        lock (_state.Gate)
        {
            if (!_state.Accounts.TryGetValue(jointAccountId, out Account? account) || account.Kind != AccountKind.Joint)
            {
                throw new ArgumentException("No such joint account in this emulator.", nameof(jointAccountId));
            }

            if (JointAccountRoutes.Answer(_state, account, coOwnerUserId, accept) is { } refusal)
            {
                throw new InvalidOperationException(refusal);
            }
        }

        _persistence?.Save(_state);
    }
}
