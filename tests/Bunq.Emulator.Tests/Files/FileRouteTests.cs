using System.Text;
using System.Text.Json.Nodes;

namespace Bunq.Emulator.Tests;

/// <summary>The emulator's attachment, note and export routes over the wire: what bunq takes, what it answers, and to whom.</summary>
public class FileRouteTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE, 0x80];

    [Fact]
    public async Task An_account_attachment_is_answered_as_its_bytes_with_its_type_signed_over_those_bytes()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        using var raw = new RawWire(bunq);
        long account = await ListingTests.MainAccountAsync(client);

        RawAnswer created = await raw.UploadAsync(client, $"user/{client.UserId}/monetary-account/{account}/attachment", Png, "image/png", "receipt");
        long id = created.Json["Response"]![0]!["Id"]!["id"]!.GetValue<long>();
        RawAnswer content = await raw.GetAsync(client, $"user/{client.UserId}/monetary-account/{account}/attachment/{id}/content");
        RawAnswer viaUser = await raw.GetAsync(client, $"user/{client.UserId}/attachment/{id}/content");
        JsonObject meta = (await client.CallAsync(HttpMethod.Get, $"user/{client.UserId}/attachment/{id}")).Item("AttachmentUser");

        Assert.Equal(200, created.Status);
        Assert.Equal((200, "image/png", true), (content.Status, content.ContentType, content.Verified));
        Assert.Equal(Png, content.Body);
        Assert.Equal(Png, viaUser.Body);
        Assert.Equal("receipt", meta["attachment"]!["description"]!.GetValue<string>());
        Assert.Equal("image/png", meta["attachment"]!["content_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_public_upload_answers_a_uuid_that_another_user_can_read_while_account_attachments_stay_private()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient owner = await new WireClient(bunq).ConnectAsync();
        using WireClient other = await new WireClient(bunq).ConnectAsync();
        using var raw = new RawWire(bunq);
        long account = await ListingTests.MainAccountAsync(owner);

        RawAnswer uploaded = await raw.UploadAsync(owner, "attachment-public", Png, "image/gif", "avatar");
        string uuid = uploaded.Json["Response"]![0]!["Uuid"]!["uuid"]!.GetValue<string>();
        RawAnswer privateOne = await raw.UploadAsync(owner, $"user/{owner.UserId}/monetary-account/{account}/attachment", Png, "image/jpeg", "mine");
        long privateId = privateOne.Json["Response"]![0]!["Id"]!["id"]!.GetValue<long>();

        Assert.Equal(Png, (await raw.GetAsync(other, $"attachment-public/{uuid}/content")).Body);
        Assert.Equal(uuid, (await other.CallAsync(HttpMethod.Get, $"attachment-public/{uuid}")).Item("AttachmentPublic")["uuid"]!.GetValue<string>());
        Assert.Equal(404, (await raw.GetAsync(other, $"user/{other.UserId}/attachment/{privateId}/content")).Status);
        Assert.Equal(404, (await raw.GetAsync(other, $"user/{owner.UserId}/monetary-account/{account}/attachment/{privateId}/content")).Status);
        Assert.Equal(404, (await raw.GetAsync(owner, $"attachment-public/{Guid.NewGuid():D}/content")).Status);
    }

    [Theory]
    [InlineData("attachment-public", "application/pdf", "d", 12, "Content-Type")]
    [InlineData("attachment-public", "text/plain", "d", 12, "Content-Type")]
    [InlineData("attachment-public", null, "d", 12, "Content-Type")]
    [InlineData("attachment-public", "image/png", null, 12, "X-Bunq-Attachment-Description")]
    [InlineData("attachment-public", "image/png", "d", 0, "empty")]
    [InlineData("attachment-public", "image/png", "d", (10 * 1024 * 1024) + 1, "larger than")]
    public async Task An_upload_bunq_would_refuse_is_a_400_in_bunqs_error_shape(string path, string? contentType, string? description, int length, string reason)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        using var raw = new RawWire(bunq);

        RawAnswer refused = await raw.UploadAsync(client, path, new byte[length], contentType, description);

        Assert.Equal(400, refused.Status);
        Assert.Contains(reason, refused.Json["Error"]![0]!["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receipt_pdf_is_taken_on_an_account()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        using var raw = new RawWire(bunq);
        long account = await ListingTests.MainAccountAsync(client);

        RawAnswer created = await raw.UploadAsync(client, $"user/{client.UserId}/monetary-account/{account}/attachment", Encoding.ASCII.GetBytes("%PDF-1.4"), "application/pdf", "invoice");

        Assert.Equal(200, created.Status);
    }

    [Fact]
    public async Task A_statement_export_reads_back_as_bunqs_object_lists_and_deletes()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        using var raw = new RawWire(bunq);
        long account = await ListingTests.MainAccountAsync(client);
        await ListingTests.TopUpAsync(client, account, 2);
        string today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string statements = $"user/{client.UserId}/monetary-account/{account}/customer-statement";

        long id = (await client.CallAsync(HttpMethod.Post, statements, new JsonObject
        {
            ["statement_format"] = "MT940", ["date_start"] = today, ["date_end"] = today,
        })).Item("Id")["id"]!.GetValue<long>();
        JsonObject read = (await client.CallAsync(HttpMethod.Get, $"{statements}/{id}")).Item("CustomerStatementExport");
        WireResponse list = await client.CallAsync(HttpMethod.Get, statements);
        RawAnswer content = await raw.GetAsync(client, $"{statements}/{id}/content");
        (await client.CallAsync(HttpMethod.Delete, $"{statements}/{id}")).EnsureOk();

        Assert.Equal(("MT940", 1, "DONE", today), (read["statement_format"]!.GetValue<string>(), read["statement_number"]!.GetValue<int>(), read["status"]!.GetValue<string>(), read["date_start"]!.GetValue<string>()));
        Assert.Single(list.Items);
        Assert.Equal((200, "text/plain", true), (content.Status, content.ContentType, content.Verified));
        Assert.StartsWith(":20:BUNQ", Encoding.ASCII.GetString(content.Body), StringComparison.Ordinal);
        Assert.Equal(404, (await raw.GetAsync(client, $"{statements}/{id}/content")).Status);
    }

    [Theory]
    [InlineData("XLS", "2026-01-01", "2026-01-31", null, "statement_format")]
    [InlineData("PDF", "01-01-2026", "2026-01-31", null, "yyyy-MM-dd")]
    [InlineData("PDF", "2026-02-01", "2026-01-31", null, "before")]
    [InlineData("CSV", "2026-01-01", "2026-01-31", null, "regional_format")]
    [InlineData("CSV", "2026-01-01", "2026-01-31", "DUTCH", "regional_format")]
    public async Task A_statement_request_bunq_would_refuse_is_a_400(string format, string start, string end, string? regional, string reason)
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });
        using WireClient client = await new WireClient(bunq).ConnectAsync();
        long account = await ListingTests.MainAccountAsync(client);

        WireResponse refused = await client.CallAsync(HttpMethod.Post, $"user/{client.UserId}/monetary-account/{account}/customer-statement", new JsonObject
        {
            ["statement_format"] = format, ["date_start"] = start, ["date_end"] = end, ["regional_format"] = regional,
        });

        Assert.Equal(400, refused.Status);
        Assert.Contains(reason, refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_file_routes_are_modelled_not_answered_from_the_catalogue()
    {
        await using BunqEmulator bunq = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false });

        Assert.Contains("POST /v1/attachment-public", bunq.ModelledRoutes);
        Assert.Contains("GET /v1/user/{userID}/monetary-account/{monetary-accountID}/attachment/{attachmentID}/content", bunq.ModelledRoutes);
        Assert.Contains("POST /v1/user/{userID}/monetary-account/{monetary-accountID}/payment/{paymentID}/note-attachment", bunq.ModelledRoutes);
        Assert.Contains("GET /v1/user/{userID}/monetary-account/{monetary-accountID}/customer-statement/{customer-statementID}/content", bunq.ModelledRoutes);
        Assert.Contains("GET /v1/user/{userID}/export-annual-overview/{export-annual-overviewID}/content", bunq.ModelledRoutes);
    }
}
