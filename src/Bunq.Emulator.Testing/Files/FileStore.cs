using System.Globalization;
using System.Text.Json.Nodes;

namespace Bunq.Emulator;

/// <summary>
/// Attachments, notes and exports, used under <see cref="EmulatorState.Gate"/> like the rest of the state. With a data
/// folder, every attachment is also kept as two files under <c>attachments/</c> — the bytes exactly as uploaded
/// (<c>{id}.bin</c>) and what bunq shows about them (<c>{id}.json</c>) — owner-only (folder 0700, files 0600), written
/// atomically, and read back at start, so an attachment outlives a restart as the client's context does. Ids come from
/// the state's one counter, which the state file keeps, so a restarted emulator never hands out an id twice.
/// </summary>
internal sealed class FileStore
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string? _folder;

    public FileStore(string? dataDirectory)
    {
        _folder = dataDirectory is null ? null : Path.Combine(dataDirectory, "attachments");
        if (_folder is not null && Directory.Exists(_folder))
        {
            Secure(_folder);
            Load(_folder);
        }
    }

    public Dictionary<long, StoredAttachment> Attachments { get; } = [];

    public Dictionary<long, NoteAttachment> Notes { get; } = [];

    public Dictionary<long, NoteText> Texts { get; } = [];

    public Dictionary<long, StatementExport> Statements { get; } = [];

    public Dictionary<long, AnnualOverview> Overviews { get; } = [];

    public StoredAttachment? FindPublic(string uuid) =>
        Attachments.Values.FirstOrDefault(a => a.Scope == AttachmentScope.Public && string.Equals(a.Uuid, uuid, StringComparison.OrdinalIgnoreCase));

    /// <summary>Keeps <paramref name="attachment"/>, on disk too when there is a data folder.</summary>
    public void Add(StoredAttachment attachment)
    {
        Attachments.Add(attachment.Id, attachment);
        if (_folder is null)
        {
            return;
        }

        OwnerOnlyFiles.CreateFolder(Path.GetDirectoryName(_folder)!);
        OwnerOnlyFiles.CreateFolder(_folder);

        string name = attachment.Id.ToString(CultureInfo.InvariantCulture);
        OwnerOnlyFiles.WriteAllBytes(Path.Combine(_folder, name + ".bin"), attachment.Bytes);
        var meta = new JsonObject
        {
            ["id"] = attachment.Id,
            ["uuid"] = attachment.Uuid,
            ["scope"] = attachment.Scope.ToString(),
            ["user_id"] = attachment.UserId,
            ["account_id"] = attachment.AccountId,
            ["content_type"] = attachment.ContentType,
            ["description"] = attachment.Description,
            ["created"] = attachment.Created.ToString("O", CultureInfo.InvariantCulture),
            ["conversation_id"] = attachment.ConversationId,
        };
        OwnerOnlyFiles.WriteAllText(Path.Combine(_folder, name + ".json"), meta.ToJsonString());
    }

    /// <summary>The attachment notes on one object, oldest first.</summary>
    public IEnumerable<NoteAttachment> NotesOn(string target, long targetId) => On(Notes, target, targetId);

    /// <summary>The notes of one kind (<see cref="Notes"/> or <see cref="Texts"/>) on one object, oldest first.</summary>
    public static IEnumerable<TNote> On<TNote>(Dictionary<long, TNote> notes, string target, long targetId)
        where TNote : Note =>
        notes.Values.Where(n => n.Target == target && n.TargetId == targetId).OrderBy(n => n.Id);

    private void Load(string folder)
    {
        foreach (string path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            string bytesPath = Path.ChangeExtension(path, ".bin");
            if (!File.Exists(bytesPath))
            {
                continue; // the bytes are written first, so only a file removed by hand leaves a record without them
            }

            // Read as the state file is: a damaged record is one error naming the file and the field, never a value.
            var reader = new StateFileReader(path);
            StoredAttachment attachment = null!;
            byte[] record = File.ReadAllBytes(path);
            reader.Read(() =>
            {
                JsonNode meta = JsonNode.Parse(record) as JsonObject ?? throw reader.Error("is not a JSON object");
                attachment = new StoredAttachment(
                    reader.Get<long>(meta, "id"), reader.Get<string>(meta, "uuid"), reader.Enum<AttachmentScope>(meta, "scope"), reader.Get<long>(meta, "user_id"),
                    reader.Get<long>(meta, "account_id"), reader.Get<string>(meta, "content_type"), reader.Get<string>(meta, "description"),
                    reader.Get<DateTimeOffset>(meta, "created"), File.ReadAllBytes(bytesPath))
                {
                    ConversationId = reader.OptionalValue<long>(meta, "conversation_id") ?? 0, // absent in records written before chat files were kept
                };
            });
            Attachments[attachment.Id] = attachment;
        }
    }

    // A copy, a restore or an older version may have left the folder or its files open to others: tighten them at start,
    // as the state file's folder is.
    private static void Secure(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        OwnerOnlyFiles.CreateFolder(folder);
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (File.GetUnixFileMode(file) != OwnerOnlyFile)
            {
                File.SetUnixFileMode(file, OwnerOnlyFile);
            }
        }
    }
}
