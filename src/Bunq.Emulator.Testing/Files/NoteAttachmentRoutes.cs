using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>…/{object}/{objectID}/note-attachment</c> on the payment-like objects the emulator models (payments and requests):
/// a note links one of the account's attachments (<c>attachment_id</c>, required, with an optional <c>description</c>;
/// bunq's <c>NoteAttachmentPayment</c> schema), and the object then lists it in its own <c>attachment</c> field, as bunq's
/// "downloading attachments" guide reads it (bunq/gitbook <c>quickstart/quickstart-downloading-attachments.md</c>).
/// bunq offers the same routes on more objects (schedules, draft payments, card transactions, …); those the emulator does
/// not model answer from the catalogue.
/// </summary>
internal static class NoteAttachmentRoutes
{
    private const string Account = "/v1/user/{userID}/monetary-account/{monetary-accountID}/";

    /// <summary>The route segment of each modelled object and the name of its id in the route.</summary>
    private static readonly (string Target, string Route)[] Targets = [("payment", "paymentID"), ("request-inquiry", "request-inquiryID")];

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        foreach ((string target, string route) in Targets)
        {
            string notes = Account + target + "/{" + route + "}/note-attachment";
            routes.Map("POST", notes, context => Create(context, state, target, route), RouteAuth.Session);
            routes.Map("GET", notes, context => List(context, state, target, route), RouteAuth.Session);
            routes.Map("GET", notes + "/{itemId}", context => Read(context, state, target, route), RouteAuth.Session);
            routes.Map("PUT", notes + "/{itemId}", context => Update(context, state, target, route), RouteAuth.Session);
            routes.Map("DELETE", notes + "/{itemId}", context => Delete(context, state, target, route), RouteAuth.Session);
        }
    }

    /// <summary>The object's <c>attachment</c> field: one <c>{id, monetary_account_id}</c> per note on it.</summary>
    public static JsonArray Linked(EmulatorState state, string target, long targetId) =>
        new(state.Files.NotesOn(target, targetId)
            .Select(n => (JsonNode)new JsonObject { ["id"] = n.AttachmentId, ["monetary_account_id"] = n.AccountId }).ToArray());

    private static IResult Create(HttpContext context, EmulatorState state, string target, string route)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (!TryAttachmentId(body, out long attachmentId))
        {
            return Error(400, "A note attachment needs 'attachment_id', the id of an attachment uploaded to this monetary account.");
        }

        if (Target(context, state, target, route, out Account account) is { } refusal)
        {
            return refusal;
        }

        if (!IsAccountAttachment(state, account, attachmentId))
        {
            return Error(400, "The attachment_id names no attachment of this monetary account.");
        }

        var note = new NoteAttachment(state.NextId(), target, context.RouteLong(route), account.Id, attachmentId, state.Now) { Description = body.String("description") };
        state.Files.Notes.Add(note.Id, note);
        return Ok(Id(note.Id));
    }

    private static IResult List(HttpContext context, EmulatorState state, string target, string route)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        return Target(context, state, target, route, out _) is { } notFound
            ? notFound
            : paging.Page(context, state.Files.NotesOn(target, context.RouteLong(route)), n => n.Id, n => Item("NoteAttachment", Describe(state, n)));
    }

    private static IResult Read(HttpContext context, EmulatorState state, string target, string route)
    {
        return Find(context, state, target, route, out NoteAttachment? note) ?? Ok(Item("NoteAttachment", Describe(state, note!)));
    }

    private static IResult Update(HttpContext context, EmulatorState state, string target, string route)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if (Find(context, state, target, route, out NoteAttachment? note) is { } refusal)
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

    private static IResult Delete(HttpContext context, EmulatorState state, string target, string route)
    {
        if (Find(context, state, target, route, out NoteAttachment? note) is { } refusal)
        {
            return refusal;
        }

        state.Files.Notes.Remove(note!.Id);
        return Ok();
    }

    private static IResult? Find(HttpContext context, EmulatorState state, string target, string route, out NoteAttachment? note)
    {
        note = null;
        if (Target(context, state, target, route, out _) is { } refusal)
        {
            return refusal;
        }

        if (!state.Files.Notes.TryGetValue(context.RouteLong("itemId"), out note) || note.Target != target || note.TargetId != context.RouteLong(route))
        {
            return Error(404, "Note attachment not found.");
        }

        return null;
    }

    /// <summary>The account, when it is the caller's and holds the object the note is on.</summary>
    private static IResult? Target(HttpContext context, EmulatorState state, string target, string route, out Account account)
    {
        account = CallContext.Of(context).Account!;
        long id = context.RouteLong(route);
        long accountId = account.Id;
        bool exists = target == "payment"
            ? state.Payments.Exists(p => p.Id == id && p.AccountId == accountId)
            : state.Inquiries.TryGetValue(id, out RequestInquiry? inquiry) && inquiry.AccountId == accountId;
        return exists ? null : Error(404, target == "payment" ? "Payment not found." : "Request not found.");
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
        string type = note.Target == "payment" ? "NoteAttachmentPaymentRead" : "NoteAttachmentRequestInquiryRead";
        return state.Objects.Build(type, note.Id, owner, new JsonObject
        {
            ["created"] = Time(note.Created),
            ["updated"] = Time(note.Updated),
            ["label_user_creator"] = BunqObjects.UserLabel(owner.DisplayName, "user", owner.Id),
            ["description"] = note.Description,
            ["attachment"] = new JsonArray(new JsonObject { ["id"] = note.AttachmentId, ["monetary_account_id"] = note.AccountId }),
        });
    }
}
