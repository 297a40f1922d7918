using Bunq.Emulator;
using UglyToad.PdfPig;
using static Bunq.EndToEnd.Tests.GeneratedClientTests;

namespace Bunq.EndToEnd.Tests;

/// <summary>Attachments linked to payments, kept across an emulator restart, and the annual overview, over TLS.</summary>
public class AttachmentLifecycleTests
{
    [Fact]
    public async Task A_note_attachment_shows_in_the_payments_attachment_field_and_its_content_downloads()
    {
        await using FileBank bank = await FileBank.StartAsync();
        var sugarDaddy = new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "Sugar Daddy" };
        await bank.Bank.Payments.RequestAsync(bank.UserId, bank.AccountId, new NewRequestInquiry(BunqAmount.Of(50, "EUR"), sugarDaddy, "top up", false));
        BunqId payment = await bank.Bank.Payments.CreateAsync(bank.UserId, bank.AccountId, new NewPayment(BunqAmount.Of(12, "EUR"), sugarDaddy, "lunch"));
        byte[] receipt = RawBodyOverTlsTests.NotUtf8(777);
        BunqId attachment = await bank.Attachments.UploadBytesAsync(bank.UserId, bank.AccountId, receipt, "image/jpeg", "lunch receipt");

        await bank.Attachments.AttachToPaymentAsync(bank.UserId, bank.AccountId, payment.Id, new NewNoteAttachment(attachment.Id, "receipt"));

        AttachedFile linked = Assert.Single((await bank.Attachments.PaymentAsync(bank.UserId, bank.AccountId, payment.Id)).Attachment);
        Assert.Equal(new AttachedFile { Id = attachment.Id, MonetaryAccountId = bank.AccountId }, linked);
        Assert.Equal(receipt, await bank.Attachments.ContentBytesAsync(bank.UserId, linked.MonetaryAccountId, linked.Id));
        AttachmentUser read = await bank.Attachments.ReadAsync(bank.UserId, linked.Id);
        Assert.Equal(("lunch receipt", "image/jpeg"), (read.Attachment.Description, read.Attachment.ContentType));
    }

    [Fact]
    public async Task A_note_naming_an_attachment_the_account_does_not_have_is_bunqs_400()
    {
        await using FileBank bank = await FileBank.StartAsync();
        var sugarDaddy = new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "Sugar Daddy" };
        await bank.Bank.Payments.RequestAsync(bank.UserId, bank.AccountId, new NewRequestInquiry(BunqAmount.Of(50, "EUR"), sugarDaddy, "top up", false));
        BunqId payment = await bank.Bank.Payments.CreateAsync(bank.UserId, bank.AccountId, new NewPayment(BunqAmount.Of(1, "EUR"), sugarDaddy, "x"));

        var e = await Assert.ThrowsAsync<BunqApiException>(() => bank.Attachments.AttachToPaymentAsync(bank.UserId, bank.AccountId, payment.Id, new NewNoteAttachment(424_242)));

        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public async Task An_attachment_survives_an_emulator_restart_with_a_data_folder_kept_owner_only_even_when_left_open()
    {
        string folder = Path.Combine(Path.GetTempPath(), "bunq-files-" + Guid.NewGuid().ToString("N"));
        try
        {
            byte[] file = RawBodyOverTlsTests.NotUtf8(123_456);
            string apiKey;
            long accountId;
            long attachmentId;
            long paymentId;
            long textId;
            await using (BunqEmulator first = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = folder }))
            {
                apiKey = await CreateSandboxUserAsync(first);
                await using Bank bank = await Bank.ConnectAsync(Options(first, apiKey));
                accountId = (await bank.MonetaryAccounts.ListAsync(bank.UserId)).Items.Single().Id;
                attachmentId = (await bank.Attachments.UploadAsync(bank.UserId, accountId, new MemoryStream(file), "image/png", "kept")).Id;
                var sugarDaddy = new BunqPointer { Type = "EMAIL", Value = "sugardaddy@bunq.com", Name = "Sugar Daddy" };
                await bank.Payments.RequestAsync(bank.UserId, accountId, new NewRequestInquiry(BunqAmount.Of(5, "EUR"), sugarDaddy, "top up", false));
                paymentId = (await bank.Payments.CreateAsync(bank.UserId, accountId, new NewPayment(BunqAmount.Of(1, "EUR"), sugarDaddy, "kept"))).Id;
                await bank.Attachments.AttachToPaymentAsync(bank.UserId, accountId, paymentId, new NewNoteAttachment(attachmentId, "receipt"));
                textId = (await bank.Attachments.NoteOnPaymentAsync(bank.UserId, accountId, paymentId, new NewNoteText("paid for the team"))).Id;
            }

            if (!OperatingSystem.IsWindows())
            {
                // left open by a copy or a restore: the next start makes it owner-only again
                File.SetUnixFileMode(Path.Combine(folder, "attachments", attachmentId + ".bin"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            }

            await using BunqEmulator second = await BunqEmulator.StartAsync(new BunqEmulatorOptions { EnforceRateLimits = false, DataDirectory = folder });
            await using Bank again = await Bank.ConnectAsync(Options(second, apiKey));

            Assert.Equal(file, await again.Attachments.ContentBytesAsync(again.UserId, accountId, attachmentId));
            Assert.Equal("kept", (await again.Attachments.ReadAsync(again.UserId, attachmentId)).Attachment.Description);
            // the notes linking it are kept too: the payment still lists the attachment, and the text note reads back
            Assert.Equal(attachmentId, Assert.Single((await again.Attachments.PaymentAsync(again.UserId, accountId, paymentId)).Attachment).Id);
            Assert.Equal("paid for the team", (await again.Attachments.PaymentNoteAsync(again.UserId, accountId, paymentId, textId)).Content);
            if (!OperatingSystem.IsWindows())
            {
                string attachments = Path.Combine(folder, "attachments");
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(attachments));
                foreach (string kept in Directory.GetFiles(attachments))
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kept));
                }

                Assert.Equal(file, await File.ReadAllBytesAsync(Path.Combine(attachments, attachmentId + ".bin")));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_sent_in_a_chat_conversation_round_trips_exactly_and_a_flipped_byte_is_a_signature_exception()
    {
        await using FileBank bank = await FileBank.StartAsync();
        byte[] file = RawBodyOverTlsTests.NotUtf8(40_000);
        (long conversation, long attachment) = bank.Emulator.SendChatFile(bank.UserId, file, "application/pdf", "your statement");

        byte[] read = await bank.Attachments.ChatContentAsync(bank.UserId, conversation, attachment);
        var unknown = await Assert.ThrowsAsync<BunqApiException>(() => bank.Attachments.ChatContentAsync(bank.UserId, conversation + 1, attachment));
        bank.Emulator.Faults.Inject(new BunqFault(BunqFaultKind.TamperBody, PathContains: "/chat-conversation/"));
        byte[]? tampered = null;
        await Assert.ThrowsAsync<BunqSignatureException>(async () => tampered = await bank.Attachments.ChatContentAsync(bank.UserId, conversation, attachment));

        Assert.Equal(file, read);
        Assert.Equal(404, unknown.StatusCode);
        Assert.Null(tampered);
    }

    [Fact]
    public async Task The_annual_overview_of_a_past_year_is_a_pdf_of_the_years_money_and_this_year_is_refused()
    {
        await using StatementOverTlsTests.Ledger ledger = await StatementOverTlsTests.Ledger.StartAsync();
        FileBank bank = ledger.Bank;

        BunqId id = await bank.Statements.CreateAnnualOverviewAsync(bank.UserId, new NewAnnualOverview(2025));
        var thisYear = await Assert.ThrowsAsync<BunqApiException>(() => bank.Statements.CreateAnnualOverviewAsync(bank.UserId, new NewAnnualOverview(2026)));

        using PdfDocument document = PdfDocument.Open(await bank.Statements.AnnualOverviewContentAsync(bank.UserId, id.Id));
        string text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("Money in: 500.00 EUR", text, StringComparison.Ordinal);
        Assert.Contains("Money out: 20.50 EUR", text, StringComparison.Ordinal);
        Assert.Contains("2025-12-31: 479.50 EUR", text, StringComparison.Ordinal);
        Assert.Equal(400, thisYear.StatusCode);
        Assert.Contains("past year", Assert.Single(thisYear.Errors), StringComparison.Ordinal);
    }
}
