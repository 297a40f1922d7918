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

    /// <summary>Reads what <see cref="ToJson"/> wrote; a state file from before notes were kept has none.</summary>
    public static void Load(FileStore files, JsonObject? notes)
    {
        foreach (JsonNode? n in notes?["attachments"]?.AsArray() ?? [])
        {
            var note = new NoteAttachment(n!["id"]!.GetValue<long>(), n["target"]!.GetValue<string>(), n["target_id"]!.GetValue<long>(), n["account"]!.GetValue<long>(),
                n["attachment"]!.GetValue<long>(), n["created"]!.GetValue<DateTimeOffset>())
            {
                Description = n["description"]?.GetValue<string>(),
                Updated = n["updated"]!.GetValue<DateTimeOffset>(),
            };
            files.Notes[note.Id] = note;
        }

        foreach (JsonNode? n in notes?["texts"]?.AsArray() ?? [])
        {
            var note = new NoteText(n!["id"]!.GetValue<long>(), n["target"]!.GetValue<string>(), n["target_id"]!.GetValue<long>(), n["account"]!.GetValue<long>(),
                n["content"]!.GetValue<string>(), n["created"]!.GetValue<DateTimeOffset>())
            {
                Updated = n["updated"]!.GetValue<DateTimeOffset>(),
            };
            files.Texts[note.Id] = note;
        }
    }
}
