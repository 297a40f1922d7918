using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>
/// The state file's part for notes (attachment and text), kept beside the rest in the same atomically written file, so
/// a note outlives a restart as the attachment it links does (the attachments' bytes are kept by <see cref="FileStore"/>).
/// </summary>
internal static class NotesFile
{
    public static JsonObject ToJson(FileStore files) => new()
    {
        ["attachments"] = new JsonArray(files.Notes.Values.Select(n => (JsonNode?)new JsonObject
        {
            ["id"] = n.Id, ["target"] = n.Target, ["target_id"] = n.TargetId, ["account"] = n.AccountId, ["attachment"] = n.AttachmentId,
            ["description"] = n.Description, ["created"] = n.Created, ["updated"] = n.Updated,
        }).ToArray()),
        ["texts"] = new JsonArray(files.Texts.Values.Select(n => (JsonNode?)new JsonObject
        {
            ["id"] = n.Id, ["target"] = n.Target, ["target_id"] = n.TargetId, ["account"] = n.AccountId, ["content"] = n.Content,
            ["created"] = n.Created, ["updated"] = n.Updated,
        }).ToArray()),
    };

    /// <summary>
    /// Reads what <see cref="ToJson"/> wrote through the state file's one <paramref name="reader"/> (errors name the
    /// place: <c>notes.texts[2].content</c>); a state file from before notes were kept has none.
    /// </summary>
    public static void Load(FileStore files, StateFileReader reader, JsonObject? notes)
    {
        if (notes is null)
        {
            return;
        }

        foreach (JsonNode n in reader.Items(notes, "attachments", optional: true))
        {
            var note = new NoteAttachment(reader.Get<long>(n, "id"), reader.Get<string>(n, "target"), reader.Get<long>(n, "target_id"), reader.Get<long>(n, "account"),
                reader.Get<long>(n, "attachment"), reader.Get<DateTimeOffset>(n, "created"))
            {
                Description = reader.OptionalText(n, "description"),
                Updated = reader.Get<DateTimeOffset>(n, "updated"),
            };
            reader.Add(files.Notes, note.Id, note, "id");
        }

        foreach (JsonNode n in reader.Items(notes, "texts", optional: true))
        {
            var note = new NoteText(reader.Get<long>(n, "id"), reader.Get<string>(n, "target"), reader.Get<long>(n, "target_id"), reader.Get<long>(n, "account"),
                reader.Get<string>(n, "content"), reader.Get<DateTimeOffset>(n, "created"))
            {
                Updated = reader.Get<DateTimeOffset>(n, "updated"),
            };
            reader.Add(files.Texts, note.Id, note, "id");
        }
    }
}
