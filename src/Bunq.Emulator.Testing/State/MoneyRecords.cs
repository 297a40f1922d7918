namespace Bunq.Emulator;

/// <summary>
/// What the other side of a request-inquiry between emulated users sees: bunq's SDKs (bunq/sdk_csharp
/// <c>BunqSdk/Model/Generated/Endpoint/RequestResponse.cs</c>): "A RequestInquiry is the initiator and visible for the
/// user that sent it and that wants to receive the money. A RequestResponse is what the other side sees, i.e. the user
/// that pays the money to accept the request."
/// </summary>
internal sealed class RequestResponse(long id, long accountId, long inquiryId, DateTimeOffset created)
{
    public long Id { get; } = id;

    /// <summary>The payer's account the request arrived on.</summary>
    public long AccountId { get; } = accountId;

    public long InquiryId { get; } = inquiryId;

    public DateTimeOffset Created { get; } = created;

    /// <summary>PENDING, then ACCEPTED or REJECTED by the payer, or REVOKED when the requester revokes the inquiry.</summary>
    public string Status { get; set; } = "PENDING";

    public DateTimeOffset? Responded { get; set; }

    /// <summary>The payment that paid it, once ACCEPTED.</summary>
    public long? PaymentId { get; set; }
}

/// <summary>A draft payment: entries that become payments when the account owner accepts it in the app (doc.bunq.com/draft-payment).</summary>
internal sealed class DraftPayment(long id, long accountId, IReadOnlyList<PaymentOrder> entries, DateTimeOffset created)
{
    public long Id { get; } = id;

    public long AccountId { get; } = accountId;

    public IReadOnlyList<PaymentOrder> Entries { get; set; } = entries;

    /// <summary>The id of each entry (bunq's <c>DraftPaymentEntry.id</c>), parallel to <see cref="Entries"/>.</summary>
    public IReadOnlyList<long> EntryIds { get; set; } = [];

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Updated { get; set; } = created;

    /// <summary>PENDING, ACCEPTED (the payments ran) or REJECTED.</summary>
    public string Status { get; set; } = "PENDING";

    /// <summary>The payments made on acceptance (one, or a batch).</summary>
    public IReadOnlyList<long> PaymentIds { get; set; } = [];

    public long? BatchId { get; set; }
}

/// <summary>A payment-batch: payments that ran together, all or nothing.</summary>
internal sealed class PaymentBatch(long id, long accountId, IReadOnlyList<long> paymentIds)
{
    public long Id { get; } = id;

    public long AccountId { get; } = accountId;

    public IReadOnlyList<long> PaymentIds { get; } = paymentIds;
}

/// <summary>
/// A bunq.me tab: "create a payment request and share the link through e-mail, chat, etc. Multiple persons are able to
/// respond to the payment request" (bunq/sdk_csharp <c>BunqSdk/Model/Generated/Endpoint/BunqMeTab.cs</c>).
/// </summary>
internal sealed class BunqMeTab(long id, long accountId, decimal? amount, string description, string? redirectUrl, string uuid, DateTimeOffset created)
{
    public long Id { get; } = id;

    public long AccountId { get; } = accountId;

    /// <summary>The amount asked; null lets each payer choose.</summary>
    public decimal? Amount { get; } = amount;

    public string Description { get; } = description;

    public string? RedirectUrl { get; } = redirectUrl;

    public string Uuid { get; } = uuid;

    public DateTimeOffset Created { get; } = created;

    /// <summary>WAITING_FOR_PAYMENT, or CANCELLED by the owner's PUT.</summary>
    public string Status { get; set; } = "WAITING_FOR_PAYMENT";

    /// <summary>The payments made to it, each bunq's <c>result_inquiries</c> entry.</summary>
    public List<long> PaymentIds { get; } = [];

    /// <summary>The link the owner shares; it does not resolve (pay with <see cref="BunqEmulator.PayBunqMeTab"/>).</summary>
    public string ShareUrl => "https://bunq.me/t/" + Uuid;
}
