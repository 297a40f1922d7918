using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>…/{object}/{objectID}/note-text</c> on every object of <see cref="NoteTargets"/>: a text note (<c>content</c>, "The
/// content of the note", bunq's <c>NoteText…</c> schemas), read back wrapped as <c>NoteText</c> (bunq's SDKs:
/// <c>OBJECT_TYPE_GET = "NoteText"</c> in every <c>NoteText…</c> endpoint of bunq/sdk_java). bunq's schema marks no field
/// required; a note without text is refused here, as one without <c>attachment_id</c> is, since it would say nothing.
/// Notes are kept in the state file.
/// </summary>
internal static class NoteTextRoutes
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorState state)
    {
        foreach (NoteTarget target in NoteTargets.All)
        {
            string notes = NoteTargets.Account + target.Path + "/note-text";
            routes.Map("POST", notes, context => Create(context, state, target), RouteAuth.Session);
            routes.Map("GET", notes, context => List(context, state, target), RouteAuth.Session);
            routes.Map("GET", notes + "/{itemId}", context => Find(context, state, target, out NoteText? note) ?? Ok(Item("NoteText", Describe(state, note!))), RouteAuth.Session);
            routes.Map("PUT", notes + "/{itemId}", context => Update(context, state, target), RouteAuth.Session);
            routes.Map("DELETE", notes + "/{itemId}", context => Delete(context, state, target), RouteAuth.Session);
        }
    }

    private static IResult Create(HttpContext context, EmulatorState state, NoteTarget target)
    {
        if (Content(context) is not { } content)
        {
            return Error(400, "A text note needs 'content', the note's text.");
        }

        if (target.Refusal(context, state) is { } refusal)
        {
            return refusal;
        }

        var note = new NoteText(state.NextId(), target.Kind, target.IdOf(context), CallContext.Of(context).Account!.Id, content, state.Now);
        state.Files.Texts.Add(note.Id, note);
        return Ok(Id(note.Id));
    }

    private static IResult List(HttpContext context, EmulatorState state, NoteTarget target)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        return target.Refusal(context, state)
            ?? paging.Page(context, state.Files.TextsOn(target.Kind, target.IdOf(context)), n => n.Id, n => Item("NoteText", Describe(state, n)));
    }

    private static IResult Update(HttpContext context, EmulatorState state, NoteTarget target)
    {
        if (Find(context, state, target, out NoteText? note) is { } refusal)
        {
            return refusal;
        }

        if (Content(context) is not { } content)
        {
            return Error(400, "A text note needs 'content', the note's text.");
        }

        note!.Content = content;
        note.Updated = state.Now;
        return Ok(Id(note.Id));
    }

    private static IResult Delete(HttpContext context, EmulatorState state, NoteTarget target)
    {
        if (Find(context, state, target, out NoteText? note) is { } refusal)
        {
            return refusal;
        }

        state.Files.Texts.Remove(note!.Id);
        return Ok();
    }

    private static IResult? Find(HttpContext context, EmulatorState state, NoteTarget target, out NoteText? note)
    {
        note = null;
        if (target.Refusal(context, state) is { } refusal)
        {
            return refusal;
        }

        return state.Files.Texts.TryGetValue(context.RouteLong("itemId"), out note) && note.Target == target.Kind && note.TargetId == target.IdOf(context)
            ? null
            : Error(404, "Note text not found.");
    }

    /// <summary>The note's text: a non-empty string <c>content</c>; the schema check has already refused a wrong type.</summary>
    private static string? Content(HttpContext context) =>
        RequestJson.Parse(CallContext.Of(context).Body).Child("content") is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static JsonObject Describe(EmulatorState state, NoteText note)
    {
        User owner = state.Users[state.Accounts[note.AccountId].UserId];
        return state.Objects.Build("NoteText" + NoteTargets.Of(note.Target).TypeSuffix + "Read", note.Id, owner, new JsonObject
        {
            ["created"] = Time(note.Created),
            ["updated"] = Time(note.Updated),
            ["label_user_creator"] = BunqObjects.UserLabel(owner.DisplayName, "user", owner.Id),
            ["content"] = note.Content,
        });
    }
}
