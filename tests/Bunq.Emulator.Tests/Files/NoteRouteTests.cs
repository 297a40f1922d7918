using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>
/// Notes (attachment and text) on every object the emulator models that bunq offers them on: linked, read back under
/// bunq's wrapper, shown in the object's <c>attachment</c> field where bunq's object has one, and refused as bunq would
/// (another user's object or an unknown one: 404; an attachment the account does not hold: 400).
/// </summary>
public sealed class NoteRouteTests : IAsyncLifetime
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xC3, 0x28];

    private BunqEmulator _bunq = null!;
    private WireClient _owner = null!;
    private WireClient _other = null!;
    private RawWire _raw = null!;
    private string _account = string.Empty;
    private string _otherAccount = string.Empty;
    private string[] _objects = [];

    public async Task InitializeAsync()
    {
        _bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        _owner = await new WireClient(_bunq).ConnectAsync();
        _other = await new WireClient(_bunq).ConnectAsync();
        _raw = new RawWire(_bunq);
        long account = await ListingTests.MainAccountAsync(_owner);
        long otherAccount = await ListingTests.MainAccountAsync(_other);
        _account = $"user/{_owner.UserId}/monetary-account/{account}";
        _otherAccount = $"user/{_other.UserId}/monetary-account/{otherAccount}";
        _objects = await NoteObjects.MakeAsync(_owner, account, _other, otherAccount);
    }

    public async Task DisposeAsync()
    {
        _raw.Dispose();
        _owner.Dispose();
        _other.Dispose();
        await _bunq.DisposeAsync();
    }

    [Fact]
    public async Task Every_modelled_object_takes_attachment_and_text_notes_that_read_back_under_bunqs_wrappers()
    {
        long attachment = await UploadAsync(_owner, _account, "receipt");

        foreach (string target in _objects)
        {
            string notes = $"{_account}/{target}/note-attachment";
            long note = (await _owner.CallAsync(HttpMethod.Post, notes, new JsonObject { ["attachment_id"] = attachment, ["description"] = "for " + target })).Item("Id")["id"]!.GetValue<long>();
            long text = (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{target}/note-text", new JsonObject { ["content"] = "text on " + target })).Item("Id")["id"]!.GetValue<long>();

            JsonObject read = (await _owner.CallAsync(HttpMethod.Get, $"{notes}/{note}")).Item("NoteAttachment");
            JsonObject readText = (await _owner.CallAsync(HttpMethod.Get, $"{_account}/{target}/note-text/{text}")).Item("NoteText");
            Assert.Equal("for " + target, read["description"]!.GetValue<string>());
            Assert.Equal(attachment, read["attachment"]![0]!["id"]!.GetValue<long>());
            Assert.Equal("text on " + target, readText["content"]!.GetValue<string>());
            Assert.Equal([note], (await _owner.CallAsync(HttpMethod.Get, notes)).Items.Select(i => i!["NoteAttachment"]!["id"]!.GetValue<long>()));
        }
    }

    [Fact]
    public async Task A_note_shows_in_the_attachment_field_of_the_objects_whose_bunq_schema_has_one()
    {
        long attachment = await UploadAsync(_owner, _account, "receipt");
        string payment = _objects[0];
        string response = _objects[2];

        (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{payment}/note-attachment", new JsonObject { ["attachment_id"] = attachment })).EnsureOk();
        (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{response}/note-attachment", new JsonObject { ["attachment_id"] = attachment })).EnsureOk();

        JsonArray onPayment = (await _owner.CallAsync(HttpMethod.Get, $"{_account}/{payment}")).Item("Payment")["attachment"]!.AsArray();
        JsonArray onResponse = (await _owner.CallAsync(HttpMethod.Get, $"{_account}/{response}")).Item("RequestResponse")["attachment"]!.AsArray();
        Assert.Equal(attachment, Assert.Single(onPayment)!["id"]!.GetValue<long>());
        // bunq types a request-response's attachments as Attachment (description, content type, urls), not as ids
        Assert.Equal(("receipt", "image/png"), (Assert.Single(onResponse)!["description"]!.GetValue<string>(), onResponse[0]!["content_type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Notes_change_and_go_and_a_note_read_under_another_object_is_not_found()
    {
        long first = await UploadAsync(_owner, _account, "first");
        long second = await UploadAsync(_owner, _account, "second");
        string draft = $"{_account}/{_objects[3]}";
        long note = (await _owner.CallAsync(HttpMethod.Post, $"{draft}/note-attachment", new JsonObject { ["attachment_id"] = first })).Item("Id")["id"]!.GetValue<long>();
        long text = (await _owner.CallAsync(HttpMethod.Post, $"{draft}/note-text", new JsonObject { ["content"] = "a" })).Item("Id")["id"]!.GetValue<long>();

        (await _owner.CallAsync(HttpMethod.Put, $"{draft}/note-attachment/{note}", new JsonObject { ["attachment_id"] = second, ["description"] = "swapped" })).EnsureOk();
        (await _owner.CallAsync(HttpMethod.Put, $"{draft}/note-text/{text}", new JsonObject { ["content"] = "b" })).EnsureOk();
        JsonObject changed = (await _owner.CallAsync(HttpMethod.Get, $"{draft}/note-attachment/{note}")).Item("NoteAttachment");
        string content = (await _owner.CallAsync(HttpMethod.Get, $"{draft}/note-text/{text}")).Item("NoteText")["content"]!.GetValue<string>();
        WireResponse underBatch = await _owner.CallAsync(HttpMethod.Get, $"{_account}/{_objects[4]}/note-attachment/{note}");
        (await _owner.CallAsync(HttpMethod.Delete, $"{draft}/note-attachment/{note}")).EnsureOk();
        (await _owner.CallAsync(HttpMethod.Delete, $"{draft}/note-text/{text}")).EnsureOk();

        Assert.Equal((second, "swapped", "b"), (changed["attachment"]![0]!["id"]!.GetValue<long>(), changed["description"]!.GetValue<string>(), content));
        Assert.Equal(404, underBatch.Status);
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Get, $"{draft}/note-attachment/{note}")).Status);
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Get, $"{draft}/note-text/{text}")).Status);
        Assert.Empty((await _owner.CallAsync(HttpMethod.Get, $"{draft}/note-text")).Items);
    }

    [Fact]
    public async Task An_unknown_object_or_another_users_is_a_404_and_an_attachment_the_account_does_not_hold_is_a_400()
    {
        long mine = await UploadAsync(_owner, _account, "mine");
        long theirs = await UploadAsync(_other, _otherAccount, "theirs");
        string schedule = _objects[5];
        string instance = _objects[6];
        string wrongSchedule = instance.Replace(schedule.Split('/')[1] + "/", "1/", StringComparison.Ordinal);

        foreach (string target in _objects)
        {
            Assert.Equal(400, (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{target}/note-attachment", new JsonObject { ["attachment_id"] = theirs })).Status);
            Assert.Equal(400, (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{target}/note-attachment", new JsonObject { ["attachment_id"] = 987_654_321 })).Status);
            Assert.Equal(400, (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{target}/note-attachment", new JsonObject { ["description"] = "no id" })).Status);
            Assert.Equal(400, (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{target}/note-text", new JsonObject { ["content"] = "" })).Status);
            // the other user reaching the owner's object through their own account, and through the owner's
            // (with a description: bunq's description requires one on some objects, a MasterCardAction's)
            Assert.Equal(404, (await _other.CallAsync(HttpMethod.Post, $"{_otherAccount}/{target}/note-attachment", new JsonObject { ["attachment_id"] = theirs, ["description"] = "x" })).Status);
            Assert.Equal(404, (await _other.CallAsync(HttpMethod.Get, $"{_otherAccount}/{target}/note-text")).Status);
            Assert.Equal(404, (await _other.CallAsync(HttpMethod.Get, $"{_account}/{target}/note-attachment")).Status);
        }

        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Post, $"{_account}/draft-payment/987654321/note-attachment", new JsonObject { ["attachment_id"] = mine })).Status);
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{wrongSchedule}/note-text", new JsonObject { ["content"] = "x" })).Status);
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Get, $"{_account}/{schedule}/note-attachment/987654321")).Status);
    }

    [Fact]
    public async Task A_schedule_payment_batch_is_no_schedule_payment_to_put_notes_on()
    {
        long batch = await ScheduleBatchAsync();
        long attachment = await UploadAsync(_owner, _account, "batch");

        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Post, $"{_account}/schedule-payment/{batch}/note-text", new JsonObject { ["content"] = "x" })).Status);
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Post, $"{_account}/schedule-payment/{batch}/note-attachment", new JsonObject { ["attachment_id"] = attachment })).Status);
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Get, $"{_account}/schedule-payment/{batch}/note-text")).Status);
        // the same account's schedule-payment takes them
        (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{_objects[5]}/note-text", new JsonObject { ["content"] = "x" })).EnsureOk();
    }

    [Fact]
    public async Task The_note_routes_of_a_batch_answer_for_one_the_account_holds_and_404_for_any_other()
    {
        long batch = await ScheduleBatchAsync();

        // the batch held: its note routes answer (from the catalogue, as README says)
        (await _owner.CallAsync(HttpMethod.Get, $"{_account}/schedule-payment-batch/{batch}/note-text")).EnsureOk();
        (await _owner.CallAsync(HttpMethod.Post, $"{_account}/schedule-payment-batch/{batch}/note-text", new JsonObject { ["content"] = "x" })).EnsureOk();
        // an id the emulator does not hold, another account's batch, a schedule-payment that is no batch: 404, bunq's error shape
        WireResponse unknown = await _owner.CallAsync(HttpMethod.Post, $"{_account}/schedule-payment-batch/987654321/note-text", new JsonObject { ["content"] = "x" });
        Assert.Equal(404, unknown.Status);
        Assert.Equal("The requested object does not exist.", unknown.Error);
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Get, $"{_account}/schedule-payment-batch/987654321/note-attachment/1")).Status);
        Assert.Equal(404, (await _other.CallAsync(HttpMethod.Get, $"{_otherAccount}/schedule-payment-batch/{batch}/note-text")).Status);
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Get, $"{_account}/schedule-payment-batch/{_objects[5].Split('/')[^1]}/note-text")).Status);
        Assert.Equal(404, (await _owner.CallAsync(HttpMethod.Delete, $"{_account}/request-inquiry-batch/987654321/note-text/1")).Status);
    }

    [Fact]
    public async Task A_file_sent_in_a_chat_conversation_is_read_as_its_signed_bytes_by_its_user_only()
    {
        (long conversation, long file) = _bunq.SendChatFile(_owner.UserId, Png, "image/png", "from support");
        (long same, long second) = _bunq.SendChatFile(_owner.UserId, [0x25, 0x50, 0x44, 0x46, 0xFF], "application/pdf", conversationId: conversation);
        string chat = $"user/{_owner.UserId}/chat-conversation/{conversation}/attachment";

        RawAnswer read = await _raw.GetAsync(_owner, $"{chat}/{file}/content");
        RawAnswer pdf = await _raw.GetAsync(_owner, $"{chat}/{second}/content");

        Assert.Equal((200, "image/png", true), (read.Status, read.ContentType, read.Verified));
        Assert.Equal(Png, read.Body);
        Assert.Equal((conversation, "application/pdf"), (same, pdf.ContentType));
        Assert.Equal(404, (await _raw.GetAsync(_owner, $"user/{_owner.UserId}/chat-conversation/{conversation + 1000}/attachment/{file}/content")).Status);
        Assert.Equal(404, (await _raw.GetAsync(_owner, $"{chat}/987654321/content")).Status);
        Assert.Equal(404, (await _raw.GetAsync(_other, $"user/{_other.UserId}/chat-conversation/{conversation}/attachment/{file}/content")).Status);
        Assert.Throws<ArgumentException>(() => _bunq.SendChatFile(_owner.UserId, Png, "text/html"));
        Assert.Throws<ArgumentException>(() => _bunq.SendChatFile(_owner.UserId, [], "image/png"));
        Assert.Throws<ArgumentException>(() => _bunq.SendChatFile(987_654_321, Png, "image/png"));
    }

    [Fact]
    public async Task Attachments_notes_and_exports_raise_no_event_as_bunq_names_none_for_them()
    {
        string events = $"user/{_owner.UserId}/event?count=200";
        int before = (await _owner.CallAsync(HttpMethod.Get, events)).Items.Count;
        string today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        long attachment = await UploadAsync(_owner, _account, "receipt");
        (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{_objects[0]}/note-attachment", new JsonObject { ["attachment_id"] = attachment })).EnsureOk();
        (await _owner.CallAsync(HttpMethod.Post, $"{_account}/{_objects[0]}/note-text", new JsonObject { ["content"] = "lunch" })).EnsureOk();
        (await _owner.CallAsync(HttpMethod.Post, $"{_account}/customer-statement", new JsonObject
        {
            ["statement_format"] = "PDF", ["date_start"] = today, ["date_end"] = today,
        })).EnsureOk();
        _bunq.SendChatFile(_owner.UserId, Png, "image/png");

        // bunq's callback categories and its EventObject / NotificationAnchorObject hold no attachment, note or export
        // (docs/emulator-rules.md, "Attachments, notes and exports")
        Assert.Equal(before, (await _owner.CallAsync(HttpMethod.Get, events)).Items.Count);
        Assert.Empty(_bunq.Callbacks.Sent);
    }

    private async Task<long> UploadAsync(WireClient client, string account, string description) =>
        (await _raw.UploadAsync(client, $"{account}/attachment", Png, "image/png", description)).Json["Response"]![0]!["Id"]!["id"]!.GetValue<long>();

    /// <summary>A schedule-payment-batch of the owner's account, paying the other user's IBAN once, far ahead.</summary>
    private async Task<long> ScheduleBatchAsync()
    {
        string iban = await CardTests.IbanAsync(_other, long.Parse(_otherAccount.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture));
        return (await _owner.CallAsync(HttpMethod.Post, $"{_account}/schedule-payment-batch", new JsonObject
        {
            ["payments"] = new JsonArray(new JsonObject
            {
                ["amount"] = new JsonObject { ["value"] = "1.00", ["currency"] = "EUR" },
                ["counterparty_alias"] = new JsonObject { ["type"] = "IBAN", ["value"] = iban, ["name"] = "Payee" },
                ["description"] = "batch",
            }),
            ["schedule"] = new JsonObject { ["time_start"] = "2099-01-01 00:00:00", ["recurrence_unit"] = "ONCE", ["recurrence_size"] = 1 },
        })).Item("Id")["id"]!.GetValue<long>();
    }
}
