using System.Text.Json;
using System.Text.Json.Nodes;
using static Bunq.Emulator.BunqJsonWriter;

namespace Bunq.Emulator;

/// <summary>
/// <c>…/{object}/{objectID}/note-text</c> on every object of <see cref="NoteTargets"/> (served by
/// <see cref="NoteRoutes{TNote}"/>): a text note (<c>content</c>, "The content of the note", bunq's <c>NoteText…</c>
/// schemas), read back wrapped as <c>NoteText</c> (bunq's SDKs: <c>OBJECT_TYPE_GET = "NoteText"</c> in every
/// <c>NoteText…</c> endpoint of bunq/sdk_java). bunq's schema marks no field required; a note without text is refused
/// here, as one without <c>attachment_id</c> is, since it would say nothing.
/// </summary>
internal sealed class NoteTextRoutes : NoteKind<NoteText>
{
    public static readonly NoteTextRoutes Kind = new();

    private NoteTextRoutes()
    {
    }

    public override string Segment => "note-text";

    public override string Wrapper => "NoteText";

    public override string Missing => "Note text not found.";

    public override Dictionary<long, NoteText> Kept(FileStore files) => files.Texts;

    public override IResult? RefuseBody(JsonElement? body) => Content(body) is null ? NoContent() : null;

    public override NoteText Make(JsonElement? body, long id, string target, long targetId, long accountId, DateTimeOffset now) =>
        new(id, target, targetId, accountId, Content(body)!, now);

    public override IResult? Update(JsonElement? body, EmulatorState state, NoteText note)
    {
        if (Content(body) is not { } content)
        {
            return NoContent();
        }

        note.Content = content;
        return null;
    }

    public override void Describe(EmulatorState state, NoteText note, JsonObject fields) => fields["content"] = note.Content;

    private static IResult NoContent() => Error(400, "A text note needs 'content', the note's text.");

    /// <summary>The note's text: a non-empty string <c>content</c>; the schema check has already refused a wrong type.</summary>
    private static string? Content(JsonElement? body) =>
        body.Child("content") is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;
}
