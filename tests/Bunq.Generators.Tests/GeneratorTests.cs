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
