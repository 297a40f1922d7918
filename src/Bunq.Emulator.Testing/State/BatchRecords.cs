namespace Bunq.Emulator;

/// <summary>
/// A request-inquiry-batch: "Create a batch of requests for payment" (bunq/sdk_csharp
/// <c>BunqSdk/Model/Generated/Endpoint/RequestInquiryBatch.cs</c>). Its requests are ordinary request-inquiries (each
/// with this batch's id as <c>batch_id</c>); the batch keeps which, and the total the requester stated.
/// </summary>
internal sealed class RequestInquiryBatch(long id, long accountId, IReadOnlyList<long> inquiryIds, decimal totalInquired, string currency, DateTimeOffset created)
{
    public long Id { get; } = id;

    public long AccountId { get; } = accountId;

    public IReadOnlyList<long> InquiryIds { get; } = inquiryIds;

    /// <summary>bunq's <c>total_amount_inquired</c>, "the total amount originally inquired for this batch", as sent.</summary>
    public decimal TotalInquired { get; } = totalInquired;

    public string Currency { get; } = currency;

    public DateTimeOffset Created { get; } = created;
}

/// <summary>
/// A co-owner of a joint account (bunq's <c>CoOwner</c>: the co-owner's alias and a status that "Can be: ACCEPTED,
/// REJECTED, PENDING or REVOKED", bunq/sdk_csharp <c>BunqSdk/Model/Generated/Object/CoOwner.cs</c>).
/// </summary>
internal sealed class CoOwner(long userId, string status)
{
    public long UserId { get; } = userId;

    public string Status { get; set; } = status;
}
