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
