namespace Bunq.Emulator;

/// <summary>Where an attachment was uploaded, which decides who may read it and under which routes.</summary>
internal enum AttachmentScope
{
    /// <summary><c>POST /attachment-public</c>: read by UUID by anyone with a session (avatars, tabs).</summary>
    Public,

    /// <summary><c>POST /user/{userID}/monetary-account/{monetary-accountID}/attachment</c>: the owner's, for notes on payments.</summary>
    MonetaryAccount,

    /// <summary>A file sent to the user in a chat conversation (<see cref="BunqEmulator.SendChatFile"/>), read under that conversation only.</summary>
    ChatConversation,
}

/// <summary>An uploaded file: its bytes exactly as received, with the Content-Type and description headers it came with.</summary>
internal sealed class StoredAttachment(long id, string uuid, AttachmentScope scope, long userId, long accountId, string contentType, string description, DateTimeOffset created, byte[] bytes)
{
    public long Id { get; } = id;

    public string Uuid { get; } = uuid;

    public AttachmentScope Scope { get; } = scope;

    /// <summary>The uploading user (the session's data owner).</summary>
    public long UserId { get; } = userId;

    /// <summary>The monetary account it was uploaded to; 0 for a public attachment.</summary>
    public long AccountId { get; } = accountId;

    public string ContentType { get; } = contentType;

    public string Description { get; } = description;

    public DateTimeOffset Created { get; } = created;

    public byte[] Bytes { get; } = bytes;

    /// <summary>The chat conversation a <see cref="AttachmentScope.ChatConversation"/> file was sent in; 0 otherwise.</summary>
    public long ConversationId { get; init; }
}

/// <summary>
/// What every note keeps, whatever its kind (<see cref="NoteAttachment"/>, <see cref="NoteText"/>): the object it is on,
/// the account that holds that object, and when it was made and last changed. <see cref="NoteRoutes{TNote}"/> serves both.
/// </summary>
internal abstract class Note(long id, string target, long targetId, long accountId, DateTimeOffset created)
{
    public long Id { get; } = id;

    /// <summary>The <see cref="NoteTarget.Kind"/> of the object the note is on: <c>payment</c>, <c>request-inquiry</c>, ….</summary>
    public string Target { get; } = target;

    public long TargetId { get; } = targetId;

    public long AccountId { get; } = accountId;

    public DateTimeOffset Created { get; } = created;

    public DateTimeOffset Updated { get; set; } = created;
}

/// <summary>A note on a payment-like object linking one of the account's attachments (bunq's <c>NoteAttachment…</c>).</summary>
internal sealed class NoteAttachment(long id, string target, long targetId, long accountId, long attachmentId, DateTimeOffset created)
    : Note(id, target, targetId, accountId, created)
{
    public long AttachmentId { get; set; } = attachmentId;

    public string? Description { get; set; }
}

/// <summary>A statement export (<c>customer-statement</c>): made once, at creation, from the account's payments.</summary>
internal sealed class StatementExport(long id, long accountId, int number, string format, DateOnly start, DateOnly end, string? regionalFormat, DateTimeOffset created) : IKeptExport
{
    public long Id { get; } = id;

    public long AccountId { get; } = accountId;

    /// <summary>bunq's <c>statement_number</c>: "MT940 Statement number. Unique per monetary account."</summary>
    public int Number { get; } = number;

    /// <summary>MT940, CSV or PDF.</summary>
    public string Format { get; } = format;

    public DateOnly Start { get; } = start;

    public DateOnly End { get; } = end;

    /// <summary>UK_US or EUROPEAN; null when the request gave none (allowed for MT940 and PDF).</summary>
    public string? RegionalFormat { get; } = regionalFormat;

    public DateTimeOffset Created { get; } = created;

    public required StoredFile File { get; init; }
}

/// <summary>An annual overview (<c>export-annual-overview</c>) of all the user's accounts for a past year.</summary>
internal sealed class AnnualOverview(long id, long userId, int year, DateTimeOffset created) : IKeptExport
{
    public long Id { get; } = id;

    public long UserId { get; } = userId;

    public int Year { get; } = year;

    public DateTimeOffset Created { get; } = created;

    public required StoredFile File { get; init; }
}

/// <summary>The bytes a <c>content</c> route answers and their media type.</summary>
/// <param name="ContentType">The media type sent as Content-Type.</param>
/// <param name="Bytes">The file.</param>
internal sealed record StoredFile(string ContentType, byte[] Bytes);

/// <summary>A text note on a payment-like object (bunq's <c>NoteText…</c>: "The content of the note").</summary>
internal sealed class NoteText(long id, string target, long targetId, long accountId, string content, DateTimeOffset created)
    : Note(id, target, targetId, accountId, created)
{
    public string Content { get; set; } = content;
}
