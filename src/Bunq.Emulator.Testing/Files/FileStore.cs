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
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
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

        CreateOwnerOnly(Path.GetDirectoryName(_folder)!);
        CreateOwnerOnly(_folder);

        string name = attachment.Id.ToString(CultureInfo.InvariantCulture);
        WriteAtomically(Path.Combine(_folder, name + ".bin"), attachment.Bytes);
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
        };
        WriteAtomically(Path.Combine(_folder, name + ".json"), System.Text.Encoding.UTF8.GetBytes(meta.ToJsonString()));
    }

    /// <summary>The notes on one object, oldest first.</summary>
    public IEnumerable<NoteAttachment> NotesOn(string target, long targetId) =>
        Notes.Values.Where(n => n.Target == target && n.TargetId == targetId).OrderBy(n => n.Id);

    private void Load(string folder)
    {
        foreach (string path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            string bytesPath = Path.ChangeExtension(path, ".bin");
            if (!File.Exists(bytesPath))
            {
                continue; // a crash between the two writes: the bytes come first, so this cannot happen for a whole upload
            }

            JsonObject meta = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw new InvalidDataException($"The attachment record {Path.GetFileName(path)} is empty.");
            var attachment = new StoredAttachment(
                (long)meta["id"]!, (string)meta["uuid"]!, Enum.Parse<AttachmentScope>((string)meta["scope"]!), (long)meta["user_id"]!,
                (long)meta["account_id"]!, (string)meta["content_type"]!, (string)meta["description"]!,
                DateTimeOffset.Parse((string)meta["created"]!, CultureInfo.InvariantCulture), File.ReadAllBytes(bytesPath));
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

        File.SetUnixFileMode(folder, OwnerOnlyFolder);
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            if (File.GetUnixFileMode(file) != OwnerOnlyFile)
            {
                File.SetUnixFileMode(file, OwnerOnlyFile);
            }
        }
    }

    private static void CreateOwnerOnly(string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        string temporary = path + ".tmp";
        File.Delete(temporary); // a leftover from a crash would keep its old mode
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(bytes);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
