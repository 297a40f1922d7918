using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.Generators.Tests;

public class GeneratorTests
{
    [Fact]
    public void Client_class_is_completed_as_the_snapshot_shows()
    {
        (Compilation output, GeneratorDriverRunResult run) = Run(Sources.Bank);

        GeneratedSourceResult source = Assert.Single(run.Results.Single().GeneratedSources);
        Assert.Equal("Sample.Bank.g.cs", source.HintName);
        Snapshot.Match(source.SourceText.ToString(), "Sample.Bank.g.cs");
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Global_namespace_internal_client_with_internal_endpoint_compiles()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;
            using Bunq;
            using Refit;

            [BunqEndpoint, Signed]
            internal interface IUsers
            {
                [Get("/user")]
                Task<string> ListAsync(CancellationToken ct = default);
            }

            [BunqClient]
            internal partial class Client;
            """;
        (Compilation output, GeneratorDriverRunResult run) = Run(source);

        Snapshot.Match(run.Results.Single().GeneratedSources.Single().SourceText.ToString(), "Client.g.cs");
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Output_is_deterministic_whatever_the_file_order()
    {
        string[] halves = Sources.Bank.Split("[BunqClient]");
        string endpoints = halves[0], client = "using Bunq;\nnamespace Sample;\n[BunqClient]" + halves[1];

        string first = Run(endpoints, client).Run.Results.Single().GeneratedSources.Single().SourceText.ToString();
        string second = Run(client, endpoints).Run.Results.Single().GeneratedSources.Single().SourceText.ToString();

        Assert.Equal(first, second);
        Assert.Equal(Run(Sources.Bank).Run.Results.Single().GeneratedSources.Single().SourceText.ToString(), first);
    }

    [Fact]
    public void A_non_partial_client_is_left_to_the_analyzer()
    {
        (Compilation _, GeneratorDriverRunResult run) = Run(Sources.Bank.Replace("public partial class Bank;", "public class Bank { }", StringComparison.Ordinal));

        Assert.Empty(run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void Methods_the_generator_cannot_describe_are_left_out_of_the_manifest_and_so_signed()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;
            using Bunq;
            using Refit;

            [BunqEndpoint]
            public interface IOdd
            {
                Task NoVerbAsync(CancellationToken ct = default);

                [Get("https://evil.example/steal")]
                Task AbsoluteAsync(CancellationToken ct = default);

                [Signed, Get("/user")]
                Task FineAsync(CancellationToken ct = default);
            }

            [BunqClient]
            public partial class OddClient;
            """;

        string text = Run(source).Run.Results.Single().GeneratedSources.Single().SourceText.ToString();

        Assert.Contains("\"FineAsync\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NoVerbAsync", text, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_carries_the_catalogues_facts_for_each_declared_operation()
    {
        const string source = """
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Bunq;
            using Refit;

            [BunqEndpoint, Signed]
            public interface IFiles
            {
                [Post("/attachment-public")]
                Task<string> UploadAsync([Body] HttpContent file, [Header("X-Bunq-Attachment-Description")] string description, CancellationToken ct = default);

                [Get("/user/{userId}/monetary-account/{accountId}/customer-statement/{id}/content")]
                Task<Stream> StatementAsync(long userId, long accountId, long id, CancellationToken ct = default);

                [Get("/payment-service-provider-credential/{id}")]
                Task<string> CredentialAsync(long id, CancellationToken ct = default);

                [Put("/user/{userId}/monetary-account/{accountId}/request-response/{id}")]
                Task<string> AcceptAsync(long userId, long accountId, long id, [Body] object answer, CancellationToken ct = default);

                [Get("/not-bunqs/{id}")]
                Task<string> ElsewhereAsync(long id, CancellationToken ct = default);
            }

            [BunqClient]
            public partial class Bank;
            """;

        string[] lines = Run(source).Run.Results.Single().GeneratedSources.Single().SourceText.ToString().Split('\n');
        string Entry(string method) => lines.Single(l => l.Contains("\"" + method + "\"", StringComparison.Ordinal)).Trim();

        Assert.EndsWith("true) { RawRequestBody = true },", Entry("UploadAsync"), StringComparison.Ordinal);
        Assert.EndsWith("true) { RawResponseBody = true },", Entry("StatementAsync"), StringComparison.Ordinal);
        Assert.EndsWith("true) { TokenKind = \"installation\" },", Entry("CredentialAsync"), StringComparison.Ordinal);
        Assert.EndsWith("true) { SignatureRequired = true },", Entry("AcceptAsync"), StringComparison.Ordinal);
        Assert.EndsWith("\"/not-bunqs/{id}\", true),", Entry("ElsewhereAsync"), StringComparison.Ordinal);
    }

    internal static (Compilation Output, GeneratorDriverRunResult Run) Run(params string[] sources)
    {
        CSharpCompilation compilation = TestReferences.Compilation(sources);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new BunqGenerator());
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorDriverRunResult run = driver.GetRunResult();
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        return (output, run);
    }
}
