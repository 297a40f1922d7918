using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>…/{object}/{objectID}/note-attachment</c> on every object of <see cref="NoteTargets"/> (payments, requests, request
/// responses, draft payments, payment-batches, scheduled payments and schedule instances): a note links one of the
/// account's attachments (<c>attachment_id</c>, required, with an optional <c>description</c>; bunq's
/// <c>NoteAttachment…</c> schemas), and an object whose bunq schema has an <c>attachment</c> field (payment,
/// request-inquiry, request-response) then lists it there, as bunq's "downloading attachments" guide reads it
/// (bunq/gitbook <c>quickstart/quickstart-downloading-attachments.md</c>). Notes are kept in the state file.
/// </summary>
internal static class NoteAttachmentRoutes
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        foreach (NoteTarget target in NoteTargets.All)
        {
            string notes = NoteTargets.Account + target.Path + "/note-attachment";
            routes.Map("POST", notes, context => Create(context, state, target), RouteAuth.Session);
            routes.Map("GET", notes, context => List(context, state, target), RouteAuth.Session);
            routes.Map("GET", notes + "/{itemId}", context => Read(context, state, target), RouteAuth.Session);
            routes.Map("PUT", notes + "/{itemId}", context => Update(context, state, target), RouteAuth.Session);
            routes.Map("DELETE", notes + "/{itemId}", context => Delete(context, state, target), RouteAuth.Session);
        }
    }

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

    private static IResult Create(HttpContext context, EmulatorState state, NoteTarget target)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (!TryAttachmentId(body, out long attachmentId))
        {
            return Error(400, "A note attachment needs 'attachment_id', the id of an attachment uploaded to this monetary account.");
        }

        if (target.Refusal(context, state) is { } refusal)
        {
            return refusal;
        }

        Account account = CallContext.Of(context).Account!;

        if (!IsAccountAttachment(state, account, attachmentId))
        {
            return Error(400, "The attachment_id names no attachment of this monetary account.");
        }

        var note = new NoteAttachment(state.NextId(), target.Kind, target.IdOf(context), account.Id, attachmentId, state.Now) { Description = body.String("description") };
        state.Files.Notes.Add(note.Id, note);
        return Ok(Id(note.Id));
    }

    private static IResult List(HttpContext context, EmulatorState state, NoteTarget target)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        return target.Refusal(context, state) ?? paging.Page(context, state.Files.NotesOn(target.Kind, target.IdOf(context)), n => n.Id, n => Item("NoteAttachment", Describe(state, n)));
    }

    private static IResult Read(HttpContext context, EmulatorState state, NoteTarget target)
    {
        return Find(context, state, target, out NoteAttachment? note) ?? Ok(Item("NoteAttachment", Describe(state, note!)));
    }

    private static IResult Update(HttpContext context, EmulatorState state, NoteTarget target)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (Find(context, state, target, out NoteAttachment? note) is { } refusal)
        {
            return refusal;
        }

        if (body.Child("attachment_id") is not null)
        {
            if (!TryAttachmentId(body, out long attachmentId) || !IsAccountAttachment(state, state.Accounts[note!.AccountId], attachmentId))
            {
                return Error(400, "The attachment_id names no attachment of this monetary account.");
            }

            note!.AttachmentId = attachmentId;
        }

        note!.Description = body.String("description") ?? note.Description;
        note.Updated = state.Now;
        return Ok(Id(note.Id));
    }

    private static IResult Delete(HttpContext context, EmulatorState state, NoteTarget target)
    {
        if (Find(context, state, target, out NoteAttachment? note) is { } refusal)
        {
            return refusal;
        }

        state.Files.Notes.Remove(note!.Id);
        return Ok();
    }

    private static IResult? Find(HttpContext context, EmulatorState state, NoteTarget target, out NoteAttachment? note)
    {
        note = null;
        if (target.Refusal(context, state) is { } refusal)
        {
            return refusal;
        }

        if (!state.Files.Notes.TryGetValue(context.RouteLong("itemId"), out note) || note.Target != target.Kind || note.TargetId != target.IdOf(context))
        {
            return Error(404, "Note attachment not found.");
        }

        return null;
    }

    private static bool IsAccountAttachment(EmulatorState state, Account account, long attachmentId) =>
        state.Files.Attachments.TryGetValue(attachmentId, out StoredAttachment? attachment)
        && attachment.Scope == AttachmentScope.MonetaryAccount && attachment.AccountId == account.Id;

    private static bool TryAttachmentId(JsonElement? body, out long id)
    {
        id = 0;
        return body.Child("attachment_id") is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out id);
    }

    private static JsonObject Describe(EmulatorState state, NoteAttachment note)
    {
        User owner = state.Users[state.Accounts[note.AccountId].UserId];
        return state.Objects.Build("NoteAttachment" + NoteTargets.Of(note.Target).TypeSuffix + "Read", note.Id, owner, new JsonObject
        {
            ["created"] = Time(note.Created),
            ["updated"] = Time(note.Updated),
            ["label_user_creator"] = BunqObjects.UserLabel(owner.DisplayName, "user", owner.Id),
            ["description"] = note.Description,
            ["attachment"] = new JsonArray(new JsonObject { ["id"] = note.AttachmentId, ["monetary_account_id"] = note.AccountId }),
        });
    }
}
