using System.Net.Http.Headers;
using System.Security.Cryptography;
using Bunq.Emulator;
using static Bunq.EndToEnd.Tests.GeneratedClientTests;

namespace Bunq.EndToEnd.Tests;

/// <summary>
/// Raw bodies through the generated client over TLS against the emulator: the request is signed over exactly the bytes
/// sent, whatever shape carried them, and a raw answer is verified over exactly the bytes received before the caller
/// sees any of them.
/// </summary>
public class RawBodyOverTlsTests
{
    [Fact]
    public async Task Bytes_that_are_not_utf8_round_trip_exactly_through_every_raw_answer_shape()
    {
        await using FileBank bank = await FileBank.StartAsync();
        byte[] file = NotUtf8(4096);

        BunqId id = await bank.Attachments.UploadAsync(bank.UserId, bank.AccountId, new MemoryStream(file), "image/png", "receipt");

        Assert.Equal(file, await bank.Attachments.ContentBytesAsync(bank.UserId, bank.AccountId, id.Id));
        await using (Stream stream = await bank.Attachments.ContentAsync(bank.UserId, bank.AccountId, id.Id))
        {
            Assert.Equal(file, await ReadAllAsync(stream));
        }

        using (HttpContent content = await bank.Attachments.ContentAsHttpContentAsync(bank.UserId, bank.AccountId, id.Id))
        {
            Assert.Equal(file, await content.ReadAsByteArrayAsync());
            Assert.Equal("image/png", content.Headers.ContentType?.MediaType);
        }

        using (HttpResponseMessage response = await bank.Attachments.ContentResponseAsync(bank.UserId, bank.AccountId, id.Id))
        {
            Assert.Equal(file, await response.Content.ReadAsByteArrayAsync());
        }

        // The emulator checked the signature over the body it received (a wrong one is a 400) and logged that body's digest.
        EmulatorRequest upload = bank.Emulator.Requests.Single(r => r.Method == "POST" && r.Path.EndsWith("/attachment", StringComparison.Ordinal));
        Assert.True(upload.Signed);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), upload.BodyDigest);
    }

    [Fact]
    public async Task A_five_megabyte_file_round_trips_as_a_byte_array()
    {
        await using FileBank bank = await FileBank.StartAsync();
        byte[] file = NotUtf8(5 * 1024 * 1024);

        BunqId id = await bank.Attachments.UploadBytesAsync(bank.UserId, bank.AccountId, file, "image/jpeg", "scan");

        Assert.Equal(file, await bank.Attachments.ContentBytesAsync(bank.UserId, bank.AccountId, id.Id));
    }

    [Fact]
    public async Task A_non_seekable_stream_is_read_once_and_signed_over_what_was_sent()
    {
        await using FileBank bank = await FileBank.StartAsync();
        byte[] file = NotUtf8(300_000);
        var stream = new OneWayStream(file);

        BunqId id = await bank.Attachments.UploadAsync(bank.UserId, bank.AccountId, stream, "image/gif", "one pass");

        Assert.Equal(1, stream.Passes);
        Assert.Equal(file, await bank.Attachments.ContentBytesAsync(bank.UserId, bank.AccountId, id.Id));
    }

    [Fact]
    public async Task A_retry_after_bunqs_429_resends_the_buffered_bytes_without_reading_the_stream_again()
    {
        await using FileBank bank = await FileBank.StartAsync(options =>
            options.Retry = new BunqRetryOptions { RateLimitDelay = TimeSpan.Zero, BaseDelay = TimeSpan.FromMilliseconds(1) });
        byte[] file = NotUtf8(50_000);
        var stream = new OneWayStream(file);
        bank.Emulator.Faults.Inject(new BunqFault(BunqFaultKind.RateLimited, PathContains: "/attachment"));

        BunqId id = await bank.Attachments.UploadAsync(bank.UserId, bank.AccountId, stream, "image/png", "retried");

        EmulatorRequest[] uploads = bank.Emulator.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/attachment", StringComparison.Ordinal)).ToArray();
        Assert.Equal([429, 200], uploads.Select(r => r.Status));
        Assert.All(uploads, r => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), r.BodyDigest));
        Assert.NotEqual(uploads[0].RequestId, uploads[1].RequestId);
        Assert.Equal(1, stream.Passes);
        Assert.Equal(file, await bank.Attachments.ContentBytesAsync(bank.UserId, bank.AccountId, id.Id));
    }

    [Fact]
    public async Task A_stream_that_fails_midway_is_not_sent_and_not_retried()
    {
        await using FileBank bank = await FileBank.StartAsync(options =>
            options.Retry = new BunqRetryOptions { RateLimitDelay = TimeSpan.Zero, BaseDelay = TimeSpan.FromMilliseconds(1) });
        int before = bank.Emulator.Requests.Count;
        var stream = new OneWayStream(NotUtf8(100_000)) { FailAfter = 10_000 };

        var e = await Assert.ThrowsAsync<BunqException>(() => bank.Attachments.UploadAsync(bank.UserId, bank.AccountId, stream, "image/png", "broken"));

        Assert.Contains("not retried", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, stream.Passes);
        Assert.Equal(before, bank.Emulator.Requests.Count);
    }

    [Fact]
    public async Task An_HttpContent_body_keeps_its_own_content_type_and_is_signed_over_its_bytes()
    {
        await using FileBank bank = await FileBank.StartAsync();
        byte[] file = NotUtf8(1000);
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");

        BunqId id = await bank.Attachments.UploadContentAsync(bank.UserId, bank.AccountId, content, "invoice");

        using HttpContent back = await bank.Attachments.ContentAsHttpContentAsync(bank.UserId, bank.AccountId, id.Id);
        Assert.Equal("application/pdf", back.Headers.ContentType?.MediaType);
        Assert.Equal(file, await back.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_public_upload_answers_its_uuid_and_the_content_is_read_by_it()
    {
        await using FileBank bank = await FileBank.StartAsync();
        byte[] file = NotUtf8(2048);

        BunqUuid uuid = await bank.Attachments.UploadPublicAsync(file, "image/png", "avatar");

        Assert.True(Guid.TryParse(uuid.Uuid, out _), uuid.Uuid);
        Assert.Equal(file, await bank.Attachments.PublicContentAsync(uuid.Uuid));
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("bytes")]
    [InlineData("content")]
    [InlineData("response")]
    public async Task One_flipped_byte_in_a_raw_answer_is_a_signature_exception_and_no_byte_reaches_the_caller(string shape)
    {
        await using FileBank bank = await FileBank.StartAsync();
        BunqId id = await bank.Attachments.UploadBytesAsync(bank.UserId, bank.AccountId, NotUtf8(10_000), "image/png", "receipt");
        bank.Emulator.Faults.Inject(new BunqFault(BunqFaultKind.TamperBody, PathContains: "/content"));

        object? received = null;
        var e = await Assert.ThrowsAsync<BunqSignatureException>(async () => received = shape switch
        {
            "stream" => await bank.Attachments.ContentAsync(bank.UserId, bank.AccountId, id.Id),
            "bytes" => await bank.Attachments.ContentBytesAsync(bank.UserId, bank.AccountId, id.Id),
            "content" => await bank.Attachments.ContentAsHttpContentAsync(bank.UserId, bank.AccountId, id.Id),
            _ => await bank.Attachments.ContentResponseAsync(bank.UserId, bank.AccountId, id.Id),
        });

        Assert.Null(received);
        Assert.Contains("does not match", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_answer_larger_than_MaxResponseBodyBytes_is_refused_unread()
    {
        await using FileBank bank = await FileBank.StartAsync(options => options.MaxResponseBodyBytes = 1024 * 1024);
        BunqId id = await bank.Attachments.UploadBytesAsync(bank.UserId, bank.AccountId, NotUtf8(2 * 1024 * 1024), "image/png", "big");

        var e = await Assert.ThrowsAsync<BunqException>(() => bank.Attachments.ContentBytesAsync(bank.UserId, bank.AccountId, id.Id));

        Assert.Contains("MaxResponseBodyBytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_content_type_and_an_oversize_file_are_bunqs_400()
    {
        await using FileBank bank = await FileBank.StartAsync();

        var type = await Assert.ThrowsAsync<BunqApiException>(() => bank.Attachments.UploadBytesAsync(bank.UserId, bank.AccountId, [1, 2, 3], "text/plain", "notes"));
        var size = await Assert.ThrowsAsync<BunqApiException>(() =>
            bank.Attachments.UploadBytesAsync(bank.UserId, bank.AccountId, new byte[(10 * 1024 * 1024) + 1], "image/png", "too big"));

        Assert.Equal(400, type.StatusCode);
        Assert.Contains("Content-Type", Assert.Single(type.Errors), StringComparison.Ordinal);
        Assert.True(type.IsSignatureVerified);
        Assert.Equal(400, size.StatusCode);
        Assert.Contains("larger than", Assert.Single(size.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_content_of_an_unknown_attachment_is_a_404()
    {
        await using FileBank bank = await FileBank.StartAsync();

        var e = await Assert.ThrowsAsync<BunqApiException>(() => bank.Attachments.ContentBytesAsync(bank.UserId, bank.AccountId, 987_654));

        Assert.Equal(404, e.StatusCode);
    }

    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("tab\there")]
    [InlineData("bell\u0007")]
    public async Task A_description_a_header_cannot_carry_is_refused_before_anything_is_sent(string description)
    {
        await using FileBank bank = await FileBank.StartAsync();
        int before = bank.Emulator.Requests.Count;

        var e = await Assert.ThrowsAsync<BunqConfigurationException>(() => bank.Attachments.UploadBytesAsync(bank.UserId, bank.AccountId, [1], "image/png", description));

        Assert.Contains("X-Bunq-Attachment-Description", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(description, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, bank.Emulator.Requests.Count);
    }

    [Fact]
    public async Task A_content_type_a_header_cannot_carry_is_refused_before_anything_is_sent()
    {
        await using FileBank bank = await FileBank.StartAsync();
        int before = bank.Emulator.Requests.Count;

        var e = await Assert.ThrowsAsync<BunqConfigurationException>(() => bank.Attachments.UploadBytesAsync(bank.UserId, bank.AccountId, [1], "image/png\u0000", "d"));

        Assert.Contains("Content-Type", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, bank.Emulator.Requests.Count);
    }

    [Fact]
    public async Task A_line_break_in_a_header_value_never_starts_a_header_of_its_own()
    {
        // Refit drops CR and LF from [Header] values before the pipeline sees them, so the break cannot reach the wire.
        await using FileBank bank = await FileBank.StartAsync();

        BunqId id = await bank.Attachments.UploadBytesAsync(bank.UserId, bank.AccountId, [1], "image/png", "receipt\r\nX-Injected: 1");

        string stored = (await bank.Attachments.ReadAsync(bank.UserId, id.Id)).Attachment.Description;
        Assert.DoesNotContain('\r', stored);
        Assert.DoesNotContain('\n', stored);
    }

    /// <summary>Bytes that are not valid UTF-8 anywhere: a lone continuation byte, an overlong form, 0xFF, and seeded noise.</summary>
    internal static byte[] NotUtf8(int length)
    {
        byte[] bytes = new byte[length];
        new Random(24).NextBytes(bytes);
        bytes[0] = 0x80;
        bytes[1] = 0xC0;
        bytes[2] = 0xAF;
        bytes[3] = 0xFF;
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
