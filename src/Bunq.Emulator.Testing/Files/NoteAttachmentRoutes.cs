using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>…/{object}/{objectID}/note-attachment</c> on every object of <see cref="NoteTargets"/> (served by
/// <see cref="NoteRoutes{TNote}"/>): a note links one of the account's attachments (<c>attachment_id</c>, required, with
/// an optional <c>description</c>; bunq's <c>NoteAttachment…</c> schemas), and an object whose bunq schema has an
/// <c>attachment</c> field (payment, request-inquiry, request-response) then lists it there, as bunq's "downloading
/// attachments" guide reads it (bunq/gitbook <c>quickstart/quickstart-downloading-attachments.md</c>).
/// </summary>
internal sealed class NoteAttachmentRoutes : NoteKind<NoteAttachment>
{
    public static readonly NoteAttachmentRoutes Kind = new();

    private NoteAttachmentRoutes()
    {
    }

    public override string Segment => "note-attachment";

    public override string Wrapper => "NoteAttachment";

    public override string Missing => "Note attachment not found.";

    /// <summary>The object's <c>attachment</c> field: one <c>{id, monetary_account_id}</c> per note on it.</summary>
    public static JsonArray Linked(EmulatorState state, string target, long targetId) =>
        new(state.Files.NotesOn(target, targetId)
            .Select(n => (JsonNode)new JsonObject { ["id"] = n.AttachmentId, ["monetary_account_id"] = n.AccountId }).ToArray());

    /// <summary>
    /// The <c>attachment</c> field of bunq's <c>RequestResponseRead</c>, typed <c>Attachment</c> (description, content type,
    /// URLs) rather than an id: one per note on the object. The emulator serves files only through the signed
    /// <c>…/content</c> routes, so <c>urls</c> is empty, as it is on the emulator's attachment reads.
    /// </summary>
    public static JsonArray Described(EmulatorState state, string target, long targetId) =>
        new(state.Files.NotesOn(target, targetId)
            .Where(n => state.Files.Attachments.ContainsKey(n.AttachmentId))
            .Select(n => state.Files.Attachments[n.AttachmentId])
            .Select(a => (JsonNode)new JsonObject { ["description"] = a.Description, ["content_type"] = a.ContentType, ["urls"] = new JsonArray() }).ToArray());

    public override Dictionary<long, NoteAttachment> Kept(FileStore files) => files.Notes;

    public override IResult? RefuseBody(JsonElement? body) =>
        TryAttachmentId(body, out _) ? null : Error(400, "A note attachment needs 'attachment_id', the id of an attachment uploaded to this monetary account.");

    public override IResult? RefuseFor(JsonElement? body, EmulatorState state, Account account) =>
        TryAttachmentId(body, out long attachmentId) && IsAccountAttachment(state, account, attachmentId) ? null : NotTheAccounts();

    public override NoteAttachment Make(JsonElement? body, long id, string target, long targetId, long accountId, DateTimeOffset now)
    {
        TryAttachmentId(body, out long attachmentId);
        return new NoteAttachment(id, target, targetId, accountId, attachmentId, now) { Description = body.String("description") };
    }

    /// <summary>Both fields are optional on a PUT; a new <c>attachment_id</c> must name one of the account's attachments.</summary>
    public override IResult? Update(JsonElement? body, EmulatorState state, NoteAttachment note)
    {
        if (body.Child("attachment_id") is not null)
        {
            if (!TryAttachmentId(body, out long attachmentId) || !IsAccountAttachment(state, state.Accounts[note.AccountId], attachmentId))
            {
                return NotTheAccounts();
            }

            note.AttachmentId = attachmentId;
        }

        note.Description = body.String("description") ?? note.Description;
        return null;
    }

    public override void Describe(EmulatorState state, NoteAttachment note, JsonObject fields)
    {
        fields["description"] = note.Description;
        fields["attachment"] = new JsonArray(new JsonObject { ["id"] = note.AttachmentId, ["monetary_account_id"] = note.AccountId });
    }

    private static IResult NotTheAccounts() => Error(400, "The attachment_id names no attachment of this monetary account.");

    private static bool IsAccountAttachment(EmulatorState state, Account account, long attachmentId) =>
        state.Files.Attachments.TryGetValue(attachmentId, out StoredAttachment? attachment)
        && attachment.Scope == AttachmentScope.MonetaryAccount && attachment.AccountId == account.Id;

    private static bool TryAttachmentId(JsonElement? body, out long id)
    {
        id = 0;
        return body.Child("attachment_id") is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out id);
    }
}
