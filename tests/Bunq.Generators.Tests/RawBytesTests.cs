using Bunq.Generators.Catalogue;
using Bunq.Generators.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace Bunq.Generators.Tests;

/// <summary>BUNQ022: raw bytes where bunq takes or answers a file, JSON elsewhere, the upload's description header; and its fixes.</summary>
public class RawBytesTests
{
    private const string Usings = """
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        """;

    private const string Receipt = """

        public sealed record Receipt(string Name);
        """;

    [Fact]
    public Task An_upload_with_a_json_body_is_reported_at_the_body() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IAttachments
        {
            [Post("/attachment-public")]
            Task<string> UploadAsync([Body] Receipt {|BUNQ022:receipt|}, [Header("X-Bunq-Attachment-Description")] string description, CancellationToken ct = default);
        }
        """ + Receipt);

    [Fact]
    public Task Raw_uploads_with_the_description_header_and_raw_reads_are_clean_and_get_no_field_noise() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IAttachments
        {
            [Post("/attachment-public")]
            Task<string> UploadAsync([Body] HttpContent file, [Header("X-Bunq-Attachment-Description")] string description, CancellationToken ct = default);

            [Post("/user/{userId}/monetary-account/{accountId}/attachment"), Headers("X-Bunq-Attachment-Description: receipt")]
            Task<string> UploadToAccountAsync(long userId, long accountId, [Body] byte[] file, CancellationToken ct = default);

            [Get("/attachment-public/{uuid}/content")]
            Task<Stream> ContentAsync(string uuid, CancellationToken ct = default);

            [Get("/user/{userId}/attachment/{id}/content")]
            Task<byte[]> UserContentAsync(long userId, long id, CancellationToken ct = default);

            [Get("/user/{userId}/invoice/{id}/pdf-content")]
            Task<HttpResponseMessage> InvoiceAsync(long userId, long id, CancellationToken ct = default);

            [Get("/user/{userId}/monetary-account/{accountId}/customer-statement/{id}/content")]
            Task<ApiResponse<Stream>> StatementAsync(long userId, long accountId, long id, CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task An_upload_without_the_description_header_is_reported_at_the_method() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IAttachments
        {
            [Post("/attachment-public")]
            Task<string> {|BUNQ022:UploadAsync|}([Body] Stream file, CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task A_content_read_into_a_json_type_is_reported_at_the_return_type() => Verify(Usings + """
        [BunqEndpoint, Signed]
        public interface IAttachments
        {
            [Get("/attachment-public/{uuid}/content")]
            {|BUNQ022:Task<Receipt>|} ContentAsync(string uuid, CancellationToken ct = default);
        }
        """ + Receipt);

    [Theory]
    [InlineData("Stream")]
    [InlineData("HttpContent")]
    [InlineData("byte[]")]
    public Task A_raw_body_sent_to_a_json_route_is_reported(string type) => Verify(Usings + $$"""
        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Post("/user/{userId}/monetary-account/{accountId}/payment")]
            Task<BunqId> CreateAsync(long userId, long accountId, [Body] {{type}} {|BUNQ022:payment|}, CancellationToken ct = default);
        }
        """);

    [Fact]
    public Task An_uploads_json_body_becomes_http_content() => CodeFixVerifier<CatalogueAnalyzer, RawBytesCodeFix>.VerifyAsync(Usings + """
        [BunqEndpoint, Signed]
        public interface IAttachments
        {
            [Post("/attachment-public")]
            Task<string> UploadAsync([Body] Receipt {|BUNQ022:receipt|}, [Header("X-Bunq-Attachment-Description")] string description, CancellationToken ct = default);
        }
        """ + Receipt, Usings + """
        [BunqEndpoint, Signed]
        public interface IAttachments
        {
            [Post("/attachment-public")]
            Task<string> UploadAsync([Body] HttpContent receipt, [Header("X-Bunq-Attachment-Description")] string description, CancellationToken ct = default);
        }
        """ + Receipt, "Bunq.Raw.Body");

    [Fact]
    public Task A_missing_description_header_is_added_before_the_cancellation_token() => CodeFixVerifier<CatalogueAnalyzer, RawBytesCodeFix>.VerifyAsync(Usings + """
        [BunqEndpoint, Signed]
        public interface IAttachments
        {
            [Post("/attachment-public")]
            Task<string> {|BUNQ022:UploadAsync|}([Body] Stream description, CancellationToken ct = default);
        }
        """, Usings + """
        [BunqEndpoint, Signed]
        public interface IAttachments
        {
            [Post("/attachment-public")]
            Task<string> UploadAsync([Body] Stream description, [Header("X-Bunq-Attachment-Description")] string description2, CancellationToken ct = default);
        }
        """, "Bunq.Raw.Header");

    [Fact]
    public Task Fix_all_reads_every_content_answer_as_a_stream() => CodeFixVerifier<CatalogueAnalyzer, RawBytesCodeFix>.VerifyAsync(Usings + """
        [BunqEndpoint, Signed]
        public interface IFiles
        {
            [Get("/attachment-public/{uuid}/content")]
            {|BUNQ022:Task<Receipt>|} ContentAsync(string uuid, CancellationToken ct = default);

            [Get("/user/{userId}/export-annual-overview/{id}/content")]
            {|BUNQ022:Task<string>|} OverviewAsync(long userId, long id, CancellationToken ct = default);
        }
        """ + Receipt, Usings + """
        [BunqEndpoint, Signed]
        public interface IFiles
        {
            [Get("/attachment-public/{uuid}/content")]
            Task<Stream> ContentAsync(string uuid, CancellationToken ct = default);

            [Get("/user/{userId}/export-annual-overview/{id}/content")]
            Task<Stream> OverviewAsync(long userId, long id, CancellationToken ct = default);
        }
        """ + Receipt, "Bunq.Raw.Answer", fixAll: true);

    // The fixed code equal to the code: the test framework then asserts no fix is offered.
    [Fact]
    public Task A_raw_body_sent_to_a_json_route_has_no_fix()
    {
        const string source = Usings + """
            [BunqEndpoint, Signed]
            public interface IPayments
            {
                [Post("/user/{userId}/monetary-account/{accountId}/payment")]
                Task<BunqId> CreateAsync(long userId, long accountId, [Body] Stream {|BUNQ022:payment|}, CancellationToken ct = default);
            }
            """;
        return CodeFixVerifier<CatalogueAnalyzer, RawBytesCodeFix>.VerifyAsync(source, source, "Bunq.Raw.None");
    }

    [Fact]
    public Task The_dto_fix_offers_nothing_for_an_uploads_body()
    {
        const string source = Usings + """
            [BunqEndpoint, Signed]
            public interface IAttachments
            {
                [Post("/attachment-public")]
                Task<string> UploadAsync([Body] {|CS0246:Picture|} file, [Header("X-Bunq-Attachment-Description")] string description, CancellationToken ct = default);
            }
            """;
        return CodeFixVerifier<EmptyDiagnosticAnalyzer, GenerateDtoCodeFix>.VerifyAsync(source, source, "Bunq.GenerateDto");
    }

    private static Task Verify(string source) => CatalogueAnalyzerTests.Test(source).RunAsync();
}
