using Refit;

namespace Bunq.EndToEnd.Tests;

/// <summary>bunq's attachment routes declared as a user would: raw bodies (Stream, byte[], HttpContent) and raw answers.</summary>
[BunqEndpoint]
public interface IAttachments
{
    [Signed, Post("/user/{userId}/monetary-account/{accountId}/attachment")]
    Task<BunqId> UploadAsync(long userId, long accountId, [Body] Stream file, [Header("Content-Type")] string contentType,
        [Header("X-Bunq-Attachment-Description")] string description, CancellationToken cancellationToken = default);

    [Signed, Post("/user/{userId}/monetary-account/{accountId}/attachment")]
    Task<BunqId> UploadBytesAsync(long userId, long accountId, [Body] byte[] file, [Header("Content-Type")] string contentType,
        [Header("X-Bunq-Attachment-Description")] string description, CancellationToken cancellationToken = default);

    [Signed, Post("/user/{userId}/monetary-account/{accountId}/attachment")]
    Task<BunqId> UploadContentAsync(long userId, long accountId, [Body] HttpContent file,
        [Header("X-Bunq-Attachment-Description")] string description, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/monetary-account/{accountId}/attachment/{attachmentId}/content")]
    Task<Stream> ContentAsync(long userId, long accountId, long attachmentId, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/monetary-account/{accountId}/attachment/{attachmentId}/content")]
    Task<byte[]> ContentBytesAsync(long userId, long accountId, long attachmentId, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/monetary-account/{accountId}/attachment/{attachmentId}/content")]
    Task<HttpContent> ContentAsHttpContentAsync(long userId, long accountId, long attachmentId, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/monetary-account/{accountId}/attachment/{attachmentId}/content")]
    Task<HttpResponseMessage> ContentResponseAsync(long userId, long accountId, long attachmentId, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/attachment/{attachmentId}")]
    Task<AttachmentUser> ReadAsync(long userId, long attachmentId, CancellationToken cancellationToken = default);

    [Signed, Post("/attachment-public")]
    Task<BunqUuid> UploadPublicAsync([Body] byte[] file, [Header("Content-Type")] string contentType,
        [Header("X-Bunq-Attachment-Description")] string description, CancellationToken cancellationToken = default);

    [Signed, Get("/attachment-public/{uuid}/content")]
    Task<byte[]> PublicContentAsync(string uuid, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/monetary-account/{accountId}/payment/{paymentId}")]
    Task<PaymentAttachments> PaymentAsync(long userId, long accountId, long paymentId, CancellationToken cancellationToken = default);

    [Signed, Post("/user/{userId}/monetary-account/{accountId}/payment/{paymentId}/note-attachment")]
    Task<BunqId> AttachToPaymentAsync(long userId, long accountId, long paymentId, [Body] NewNoteAttachment note, CancellationToken cancellationToken = default);

    [Signed, Post("/user/{userId}/monetary-account/{accountId}/payment/{paymentId}/note-text")]
    Task<BunqId> NoteOnPaymentAsync(long userId, long accountId, long paymentId, [Body] NewNoteText note, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/monetary-account/{accountId}/payment/{paymentId}/note-text/{noteId}")]
    Task<NoteTextRead> PaymentNoteAsync(long userId, long accountId, long paymentId, long noteId, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/chat-conversation/{conversationId}/attachment/{attachmentId}/content")]
    Task<byte[]> ChatContentAsync(long userId, long conversationId, long attachmentId, CancellationToken cancellationToken = default);
}

/// <summary>Statement exports and their content.</summary>
[BunqEndpoint]
public interface IStatements
{
    [Signed, Post("/user/{userId}/monetary-account/{accountId}/customer-statement")]
    Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewCustomerStatement statement, CancellationToken cancellationToken = default);

    [Signed, Post("/user/{userId}/export-annual-overview")]
    Task<BunqId> CreateAnnualOverviewAsync(long userId, [Body] NewAnnualOverview overview, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/export-annual-overview/{overviewId}/content")]
    Task<byte[]> AnnualOverviewContentAsync(long userId, long overviewId, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/monetary-account-bank/{accountId}")]
    Task<AccountAliases> AccountAsync(long userId, long accountId, CancellationToken cancellationToken = default);

    [Signed, Get("/user/{userId}/monetary-account/{accountId}/customer-statement/{statementId}/content")]
    Task<byte[]> ContentAsync(long userId, long accountId, long statementId, CancellationToken cancellationToken = default);
}

public sealed record AttachmentUser
{
    public long Id { get; init; }

    public AttachmentDetails Attachment { get; init; } = new();
}

public sealed record AttachmentDetails
{
    public string Description { get; init; } = "";

    public string ContentType { get; init; } = "";
}

public sealed record AccountAliases
{
    public BunqAmount Balance { get; init; } = BunqAmount.Of(0, "EUR");

    public IReadOnlyList<BunqPointer> Alias { get; init; } = [];
}

public sealed record PaymentAttachments
{
    public long Id { get; init; }

    public IReadOnlyList<AttachedFile> Attachment { get; init; } = [];
}

public sealed record AttachedFile
{
    public long Id { get; init; }

    public long MonetaryAccountId { get; init; }
}

public sealed record NewAnnualOverview(int Year);

public sealed record NewNoteAttachment(long AttachmentId, string? Description = null);

public sealed record NewNoteText(string Content);

public sealed record NoteTextRead
{
    public long Id { get; init; }

    public string Content { get; init; } = "";
}

public sealed record NewCustomerStatement(string StatementFormat, string DateStart, string DateEnd, string? RegionalFormat = null);
