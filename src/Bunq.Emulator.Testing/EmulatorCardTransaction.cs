namespace Bunq.Emulator;

/// <summary>What <see cref="BunqEmulator.SpendWithCard"/> did: a card payment bunq's checks allowed or declined.</summary>
/// <param name="MasterCardActionId">The authorisation's id (<c>GET …/mastercard-action/{id}</c>), kept either way.</param>
/// <param name="Decision"><c>ALLOWED</c>, or why it was declined: CARD_NOT_ACTIVE, COUNTRY_NOT_PERMITTED, CURRENCY_NOT_SUPPORTED, CARD_LIMIT_EXCEEDED, ATM_LIMIT_EXCEEDED, ACCOUNT_NOT_ACTIVE or INSUFFICIENT_BALANCE.</param>
/// <param name="DecisionDescription">Null when allowed, otherwise the reason in words.</param>
/// <param name="PaymentId">The MASTERCARD payment made, when allowed.</param>
public sealed record EmulatorCardTransaction(long MasterCardActionId, string Decision, string? DecisionDescription, long? PaymentId)
{
    /// <summary>The payment went through.</summary>
    public bool Allowed => Decision == "ALLOWED";
}
