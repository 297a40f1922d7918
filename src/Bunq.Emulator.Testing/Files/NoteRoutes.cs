using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// What one kind of note (<c>note-attachment</c>, <c>note-text</c>) adds to the routes every note kind shares: its route
/// segment and bunq's wrapper name, where its notes are kept, and its own body rules and fields.
/// </summary>
/// <typeparam name="TNote">The kind's record.</typeparam>
internal abstract class NoteKind<TNote>
    where TNote : Note
{
    /// <summary>The route segment after the object, e.g. <c>note-attachment</c>.</summary>
    public abstract string Segment { get; }

    /// <summary>bunq's wrapper for a read note and the start of its type names (<c>{Wrapper}{TypeSuffix}Read</c>).</summary>
    public abstract string Wrapper { get; }

    /// <summary>The 404's description for a note id that names no note of this kind on the object.</summary>
    public abstract string Missing { get; }

    /// <summary>Where the notes of this kind are kept.</summary>
    public abstract Dictionary<long, TNote> Kept(FileStore files);

    /// <summary>A 400 when a new note's body lacks what the kind needs; checked before the object is looked up.</summary>
    public abstract IResult? RefuseBody(JsonElement? body);

    /// <summary>
    /// A 400 for a body that is well formed but names something the account cannot use; checked after the object is
    /// found and before an id is handed out, so a refused note takes no id.
    /// </summary>
    public virtual IResult? RefuseFor(JsonElement? body, EmulatorState state, Account account) => null;

    /// <summary>The new note, from a body that passed both checks.</summary>
    public abstract TNote Make(JsonElement? body, long id, string target, long targetId, long accountId, DateTimeOffset now);

    /// <summary>Applies a PUT's body to <paramref name="note"/>; a refusal leaves the note as it was.</summary>
    public abstract IResult? Update(JsonElement? body, EmulatorState state, TNote note);

    /// <summary>The kind's own fields of a read note, after the fields every note has.</summary>
    public abstract void Describe(EmulatorState state, TNote note, JsonObject fields);
}

/// <summary>
/// <c>…/{object}/{objectID}/{note kind}</c> on every object of <see cref="NoteTargets"/>: create, list, read, update and
/// delete, each first requiring that the session's account holds the object (404 otherwise, bunq reveals no one else's),
/// and a note id answering only under the object it is on. Notes are kept in the state file (<see cref="NotesFile"/>).
/// </summary>
/// <typeparam name="TNote">The note kind's record.</typeparam>
internal sealed class NoteRoutes<TNote>(NoteKind<TNote> kind, EmulatorState state)
    where TNote : Note
{
    public static void Map(IEndpointRouteBuilder routes, EmulatorState state, NoteKind<TNote> kind)
    {
        var notes = new NoteRoutes<TNote>(kind, state);
        foreach (NoteTarget target in NoteTargets.All)
        {
            string route = NoteTargets.Account + target.Path + "/" + kind.Segment;
            routes.Map("POST", route, context => notes.Create(context, target), RouteAuth.Session);
            routes.Map("GET", route, context => notes.List(context, target), RouteAuth.Session);
            routes.Map("GET", route + "/{itemId}", context => notes.Read(context, target), RouteAuth.Session);
            routes.Map("PUT", route + "/{itemId}", context => notes.Update(context, target), RouteAuth.Session);
            routes.Map("DELETE", route + "/{itemId}", context => notes.Delete(context, target), RouteAuth.Session);
        }
    }

    private IResult Create(HttpContext context, NoteTarget target)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if ((kind.RefuseBody(body) ?? target.Refusal(context, state)) is { } refusal)
        {
            return refusal;
        }

        Account account = CallContext.Of(context).Account!;
        if (kind.RefuseFor(body, state, account) is { } refused)
        {
            return refused;
        }

        TNote note = kind.Make(body, state.NextId(), target.Kind, target.IdOf(context), account.Id, state.Now);
        kind.Kept(state.Files).Add(note.Id, note);
        return Ok(Id(note.Id));
    }

    private IResult List(HttpContext context, NoteTarget target)
    {
        if (!Paging.TryRead(context, out Paging paging, out IResult? refusal))
        {
            return refusal!;
        }

        return target.Refusal(context, state)
            ?? paging.Page(context, FileStore.On(kind.Kept(state.Files), target.Kind, target.IdOf(context)), n => n.Id, n => Item(kind.Wrapper, Describe(n)));
    }

    private IResult Read(HttpContext context, NoteTarget target) =>
        Find(context, target, out TNote? note) ?? Ok(Item(kind.Wrapper, Describe(note!)));

    private IResult Update(HttpContext context, NoteTarget target)
    {
        JsonElement? body = RequestJson.Parse(CallContext.Of(context).Body);
        if ((Find(context, target, out TNote? note) ?? kind.Update(body, state, note!)) is { } refusal)
        {
            return refusal;
        }

        note!.Updated = state.Now;
        return Ok(Id(note.Id));
    }

    private IResult Delete(HttpContext context, NoteTarget target)
    {
        if (Find(context, target, out TNote? note) is { } refusal)
        {
            return refusal;
        }

        kind.Kept(state.Files).Remove(note!.Id);
        return Ok();
    }

    /// <summary>The note the route names, or a 404 if the account does not hold the object or the note is not on it.</summary>
    private IResult? Find(HttpContext context, NoteTarget target, out TNote? note)
    {
        note = null;
        if (target.Refusal(context, state) is { } refusal)
        {
            return refusal;
        }

        return kind.Kept(state.Files).TryGetValue(context.RouteLong("itemId"), out note) && note.Target == target.Kind && note.TargetId == target.IdOf(context)
            ? null
            : Error(404, kind.Missing);
    }

    private JsonObject Describe(TNote note)
    {
        User owner = state.Users[state.Accounts[note.AccountId].UserId];
        var fields = new JsonObject
        {
            ["created"] = Time(note.Created),
            ["updated"] = Time(note.Updated),
            ["label_user_creator"] = BunqObjects.UserLabel(owner.DisplayName, "user", owner.Id),
        };
        kind.Describe(state, note, fields);
        return state.Objects.Build(kind.Wrapper + NoteTargets.Of(note.Target).TypeSuffix + "Read", note.Id, owner, fields);
    }
}
