using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// A damaged <c>--data-dir</c> (a truncated or hand-edited state file, a garbage key): one <see cref="InvalidDataException"/>
/// naming the file and the place, never a value from it (API keys, tokens), and the folder left exactly as it was.
/// </summary>
public sealed class DataDirectoryErrorTests : IDisposable
{
    private const string Secret = "sandbox_0123456789secret";

    private readonly string _directory = Directory.CreateTempSubdirectory("bunq-emulator-data-").FullName;

    private string StatePath => Path.Combine(_directory, "state.json");

    public static TheoryData<string, string> DamagedStates => new()
    {
        { """{"next_id": 10, "users": [{"id": 1, "kind": """, "state.json: is not JSON (line 1, byte " },
        { "{}", "state.json: next_id is missing." },
        { "[]", "state.json: is not a JSON object." },
        { Valid(users: """[{"id": 1, "kind": "Person", "name": "A", "timeout": 3600}, {"id": 2, "kind": "x-sandbox_0123456789secret", "name": "B", "timeout": 3600}]"""),
          "state.json: users[1].kind is not a known UserKind." },
        { Valid(users: """[{"id": 1, "kind": "Person", "name": "A", "timeout": "an hour"}]"""), "state.json: users[0].timeout is not a number." },
        { Valid(users: """[{"id": 1, "kind": "Person", "name": "A", "timeout": 3600}, {"id": 1, "kind": "Person", "name": "B", "timeout": 3600}]"""),
          "state.json: users[1].id repeats an earlier entry's." },
        { Valid(devices: $$"""[{"id": 3, "description": "d", "installation": 2, "api_key": "{{Secret}}", "ip": "127.0.0.1"}]"""),
          "state.json: devices[0].api_key refers to an entry the file does not hold." },
        { Valid(devices: $$"""[{"id": 3, "description": "d", "installation": 99, "api_key": "{{Secret}}", "ip": "127.0.0.1"}]"""),
          "state.json: devices[0].installation refers to an entry the file does not hold." },
        { Valid(installationKey: Secret), "state.json: installations[0].key is not a public key in PEM." },
        // The sections with loaders of their own read through the same reader: each names the place inside it.
        { Valid(extra: """, "ledger": {"inquiries": [{"id": 404}]}"""), "state.json: ledger.inquiries[0].id refers to an entry the file does not hold." },
        { Valid(extra: $$""", "ledger": {"inquiries": [], "responses": [], "batches": [], "drafts": [{"id": 5, "account": 1, "entries": [{"amount": "{{Secret}}"}]}]}"""),
          "state.json: ledger.drafts[0].entries[0].amount is not a number." },
        { Valid(extra: """, "ledger": {"inquiries": [], "responses": [], "drafts": [], "batches": [{"id": 6, "account": 1, "payments": [7, null]}]}"""),
          "state.json: ledger.batches[0].payments[1] is null." },
        { Valid(extra: """, "ledger": {"inquiries": [], "responses": [], "drafts": [], "batches": [], "schedules": [{"id": 8, "order": {"amount": 1, "currency": "EUR", "description": "d", "type": "IBAN", "value": "v", "target": 99}}]}"""),
          "state.json: ledger.schedules[0].order.target refers to an entry the file does not hold." },
        { Valid(extra: """, "ledger": {"responses": []}"""), "state.json: \"ledger.inquiries\" is missing or not a list." },
        { Valid(extra: $$""", "cards": {"cards": [{"id": "{{Secret}}"}], "actions": []}"""), "state.json: cards.cards[0].id is not a number." },
        { Valid(extra: """, "cards": {"cards": [], "actions": [{"id": 9}]}"""), "state.json: cards.actions[0].card is missing." },
        { Valid(extra: """, "cards": []"""), "state.json: cards is not an object." },
        { Valid(extra: """, "notes": {"texts": [{"id": 7, "target": "Payment", "target_id": 2, "account": 3, "content": 5}]}"""),
          "state.json: notes.texts[0].content is not text." },
        { Valid(extra: $$""", "generic": [{"collection": "/v1/user/1/x", "id": "1", "order": 1, "type": "X", "value": "{{Secret}}"}]"""),
          "state.json: generic[0].value is not an object." },
        { Valid(extra: """, "generic": {}"""), "state.json: generic is not a list." },
        { Valid(extra: $$""", "events": {"next_id": "{{Secret}}", "filters": [], "all": []}"""), "state.json: events.next_id is not a number." },
        { Valid(extra: """, "events": []"""), "state.json: events is not an object." },
        { Valid(extra: """, "events": {"next_id": 1, "all": []}"""), "state.json: \"events.filters\" is missing or not a list." },
        { Valid(extra: $$""", "events": {"next_id": 2, "filters": [], "all": [{"id": 1, "created": "2026-01-01T00:00:00Z", "user": 1, "name": "Payment", "value": "{{Secret}}"}]}"""),
          "state.json: events.all[0].value is not an object." },
        { Valid(extra: """, "events": {"next_id": 2, "filters": [], "all": [{"id": 1, "created": "2026-01-01T00:00:00Z", "user": 1, "name": "Payment", "value": {"id": 1}, "topics": [{"category": "PAYMENT", "event_type": 5}]}]}"""),
          "state.json: events.all[0].topics[0].event_type is not text." },
        { Valid(extra: """, "events": {"next_id": 2, "all": [], "filters": [{"subscriber": 1, "data_owner": 1, "filters": []}, {"subscriber": 1, "data_owner": 1, "filters": []}]}"""),
          "state.json: events.filters[1].subscriber repeats an earlier entry's." },
    };

    [Theory]
    [MemberData(nameof(DamagedStates))]
    public void A_damaged_state_file_is_one_error_naming_the_place_and_no_value(string json, string expected)
    {
        File.WriteAllText(StatePath, json);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => new EmulatorStateFile(_directory).Load(new EmulatorState(new BunqEmulatorOptions())));

        Assert.StartsWith(Path.Combine(_directory, expected), error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing in the folder was changed; fix the file or move it away.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox_", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException); // an inner exception's message may quote a value
        Assert.Equal(json, File.ReadAllText(StatePath));
    }

    [Fact]
    public void A_state_file_the_emulator_wrote_still_loads()
    {
        File.WriteAllText(StatePath, Valid(devices: """[{"id": 3, "description": "d", "installation": 2, "api_key": "sandbox_k", "ip": "127.0.0.1"}]""",
            apiKeys: """[{"secret": "sandbox_k", "user": 1, "credential": 4, "all_ips": false, "ips": [{"id": 5, "ip": "127.0.0.1", "status": "ACTIVE"}]}]"""));
        var state = new EmulatorState(new BunqEmulatorOptions());

        new EmulatorStateFile(_directory).Load(state);

        Assert.Equal("127.0.0.1", Assert.Single(Assert.Single(state.Devices).ApiKey.Ips).Ip);
    }

    [Theory]
    [InlineData("""{"id": 5, "uuid": "u", "scope": "sandbox_0123456789secret"}""", "scope is not a known AttachmentScope.")]
    [InlineData("""{"id": "sandbox_0123456789secret"}""", "id is not a number.")]
    [InlineData("""{"id": 5, "uuid": "u", "scope": "Public", "user_id": 1, "account_id": 2, "content_type": "image/png", "description": "d", "created": "sandbox_0123456789secret"}""",
        "created is not a date and time.")]
    [InlineData("""["sandbox_0123456789secret"]""", "is not a JSON object.")]
    public void A_damaged_attachment_record_is_one_error_naming_the_file_and_field_and_no_value(string record, string expected)
    {
        string folder = Directory.CreateDirectory(Path.Combine(_directory, "attachments")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "5.bin"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(folder, "5.json"), record);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => new EmulatorState(new BunqEmulatorOptions { DataDirectory = _directory }));

        Assert.StartsWith(Path.Combine(folder, "5.json: " + expected), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sandbox_", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
        Assert.Equal(record, File.ReadAllText(Path.Combine(folder, "5.json")));
    }

    [Theory]
    [InlineData("server-key.pem", "server-key.pem: holds no RSA private key in PEM.")]
    [InlineData("certificate.pem", "certificate.pem and certificate-key.pem: not a certificate and its private key in PEM.")]
    public async Task A_garbage_key_or_certificate_stops_the_start_and_nothing_in_the_folder_changes(string file, string expected)
    {
        var options = new BunqEmulatorOptions { DataDirectory = _directory };
        await using (BunqEmulator first = await BunqEmulator.StartAsync(options))
        {
            Assert.NotNull(first.Pin); // keys and certificate written
        }

        File.WriteAllText(Path.Combine(_directory, file), "-----BEGIN PRIVATE KEY-----\n" + Secret + "\n-----END PRIVATE KEY-----\n");
        File.WriteAllText(StatePath, "{}");
        Dictionary<string, byte[]> before = FolderSnapshot.Take(_directory);

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => BunqEmulator.StartAsync(options));

        Assert.StartsWith(Path.Combine(_directory, expected), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        FolderSnapshot.AssertUnchanged(_directory, before);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A state file as the emulator writes it (one user, one installation), with the given sections replaced.</summary>
    internal static string Valid(string? users = null, string? devices = null, string? apiKeys = null, string? installationKey = null, string extra = "")
    {
        using var rsa = RSA.Create(2048);
        string key = JsonValue.Create(installationKey ?? rsa.ExportSubjectPublicKeyInfoPem()).ToJsonString();
        return $$"""
            {"next_id": 10, "users": {{users ?? """[{"id": 1, "kind": "Person", "name": "A", "timeout": 3600}]"""}},
             "api_keys": {{apiKeys ?? "[]"}}, "installations": [{"id": 2, "token": "token_secret", "key": {{key}}}],
             "devices": {{devices ?? "[]"}}, "sessions": [], "accounts": [], "payments": [], "inquiries": []{{extra}}}
            """;
    }
}
