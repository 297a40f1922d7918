using Refit;

namespace Bunq.Quickstart;

/// <summary>
/// Files are raw bytes, not JSON: an upload's body is the file itself (here a <c>byte[]</c>; a <c>Stream</c> or an
/// <c>HttpContent</c> work the same way) with its type in <c>Content-Type</c> and a description in
/// <c>X-Bunq-Attachment-Description</c>; a <c>…/content</c> answer is the file, verified over its bytes before it is returned.
/// </summary>
[BunqEndpoint, Signed]
public interface IAttachments
{
    [Post("/user/{userId}/monetary-account/{accountId}/attachment")]
    Task<BunqId> UploadAsync(long userId, long accountId, [Body] byte[] file, [Header("Content-Type")] string contentType,
        [Header("X-Bunq-Attachment-Description")] string description, CancellationToken cancellationToken = default);

    [Post("/user/{userId}/monetary-account/{accountId}/payment/{paymentId}/note-attachment")]
    Task<BunqId> AttachToPaymentAsync(long userId, long accountId, long paymentId, [Body] NewNoteAttachment note, CancellationToken cancellationToken = default);
}

[BunqEndpoint, Signed]
public interface IStatements
{
    [Post("/user/{userId}/monetary-account/{accountId}/customer-statement")]
    Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewCustomerStatement statement, CancellationToken cancellationToken = default);

    [Get("/user/{userId}/monetary-account/{accountId}/customer-statement/{statementId}/content")]
    Task<byte[]> ContentAsync(long userId, long accountId, long statementId, CancellationToken cancellationToken = default);
}

public sealed record NewNoteAttachment(long AttachmentId, string? Description = null);

/// <summary>bunq's <c>ExportStatement</c>: dates as <c>yyyy-MM-dd</c>; <c>regional_format</c> (UK_US or EUROPEAN) is required for CSV.</summary>
public sealed record NewCustomerStatement(string StatementFormat, string DateStart, string DateEnd, string? RegionalFormat = null);
