namespace Bunq.Emulator;

/// <summary>
/// A card of a user: ordered with <c>POST card-debit</c> or <c>card-credit</c>, changed with <c>PUT card/{id}</c>, and paid
/// with through <see cref="BunqEmulator.SpendWithCard"/>. The rules it follows are <see cref="CardRules"/>'s.
/// </summary>
internal sealed class Card(long id, long userId, string endpoint, string type, string productType, string nameOnCard, string secondLine, DateTimeOffset created)
{
    public long Id { get; } = id;

    public long UserId { get; } = userId;

    /// <summary>Which route ordered it: <c>card-debit</c> or <c>card-credit</c>.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>MAESTRO or MASTERCARD (bunq's <c>type</c>).</summary>
    public string Type { get; } = type;

    public string ProductType { get; } = productType;

    public string NameOnCard { get; } = nameOnCard;

    public string? PreferredNameOnCard { get; set; }

    public string? FirstLine { get; init; }

    public string SecondLine { get; set; } = secondLine;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Updated { get; set; } = created;

    /// <summary>ACTIVE, DEACTIVATED (a new card: "After ordering the card it will be DEACTIVATED"), LOST, STOLEN or CANCELLED.</summary>
    public string Status { get; set; } = "DEACTIVATED";

    /// <summary>bunq's <c>order_status</c>: ACCEPTED_FOR_PRODUCTION (physical), VIRTUAL_DELIVERY, or DELIVERED_TO_CUSTOMER once activated.</summary>
    public string OrderStatus { get; set; } = "ACCEPTED_FOR_PRODUCTION";

    /// <summary>The account the card pays from: its PRIMARY <c>pin_code_assignment</c>.</summary>
    public long AccountId { get; set; }

    /// <summary>The account it was ordered on (bunq's <c>label_monetary_account_ordered</c>).</summary>
    public long OrderedAccountId { get; init; }

    /// <summary>bunq's <c>monetary_account_id_fallback</c>: paid from when the primary account's balance does not cover a payment.</summary>
    public long? FallbackAccountId { get; set; }

    /// <summary>bunq's <c>card_limit</c>: PIN and online card payments per 24 hours, in EUR.</summary>
    public decimal Limit { get; set; } = CardRules.DefaultLimit;

    /// <summary>bunq's <c>card_limit_atm</c>: cash withdrawals per 24 hours, in EUR.</summary>
    public decimal AtmLimit { get; set; } = CardRules.DefaultAtmLimit;

    /// <summary>bunq's <c>country_permission</c>: where the card may be used besides its domestic country; empty allows all.</summary>
    public List<CardCountryPermission> Countries { get; set; } = [];

    /// <summary>bunq's <c>pin_code_assignment</c> (type and account; the PIN itself is never kept).</summary>
    public List<CardPinAssignment> Pins { get; set; } = [];

    /// <summary>The card was activated once (a virtual card keeps its VIRTUAL_DELIVERY order status after activation).</summary>
    public bool ActivatedOnce { get; set; }

    public string Uuid => ObjectFactory.DeterministicUuid("card", Id);

    /// <summary>The last four digits of the emulated PAN, from the id (no real card number exists).</summary>
    public string FourDigits => (Id % 10000).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Cards are valid for years: the emulator's run five from ordering.</summary>
    public DateTimeOffset Expiry => Created.AddYears(5);
}

/// <summary>A <c>country_permission</c> entry: the card may be used in <see cref="Country"/> until <see cref="Expiry"/> (null: no end).</summary>
internal sealed record CardCountryPermission(long Id, string Country, DateTimeOffset? Expiry);

/// <summary>A <c>pin_code_assignment</c> entry: PRIMARY, SECONDARY or TERTIARY, on an account of the card's owner.</summary>
internal sealed record CardPinAssignment(string Type, long AccountId);

/// <summary>
/// A card payment's authorisation (bunq's <c>MasterCardAction</c>, "MasterCard transaction view"): allowed ones carry the
/// payment made, declined ones the reason; both are kept and listed, as bunq lists declined transactions too.
/// </summary>
internal sealed class MasterCardAction(long id, long cardId, long accountId, decimal amount, string currency, string merchant, DateTimeOffset created)
{
    public long Id { get; } = id;

    public long CardId { get; } = cardId;

    /// <summary>The account it was paid from (for a decline: the card's primary account).</summary>
    public long AccountId { get; } = accountId;

    public decimal Amount { get; } = amount;

    public string Currency { get; } = currency;

    /// <summary>The merchant's name, as the card terminal announces it.</summary>
    public string Merchant { get; } = merchant;

    public string City { get; init; } = string.Empty;

    public string Country { get; init; } = CardRules.DomesticCountry;

    /// <summary>A cash withdrawal (counts against <c>card_limit_atm</c>) rather than a PIN or online payment.</summary>
    public bool Atm { get; init; }

    public DateTimeOffset Created { get; } = created;

    /// <summary>ALLOWED, or why it was declined (<see cref="CardRules"/>).</summary>
    public string Decision { get; init; } = CardRules.Allowed;

    public string? DecisionDescription { get; init; }

    /// <summary>The payment that moved the money, when allowed.</summary>
    public long? PaymentId { get; init; }

    public bool IsAllowed => Decision == CardRules.Allowed;
}
