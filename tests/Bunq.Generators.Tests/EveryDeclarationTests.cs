using System.Collections.Immutable;
using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bunq.Generators.Tests;

/// <summary>
/// Each declaration either builds or gets a BUNQ diagnostic: the generator runs, then the analyzer runs on its output
/// (as the compiler does), and no compiler error may sit inside a generated file.
/// </summary>
public class EveryDeclarationTests
{
    private const string Usings = """
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        """;

    private const string Users = """
        [BunqEndpoint, Signed]
        public interface IUsers { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }

        """;

    [Fact]
    public async Task Two_attributed_declarations_of_one_partial_client_make_one_file()
    {
        Result result = await Run(Usings + Users + """
            [BunqClient]
            public partial class Bank;

            [BunqClient]
            public partial class Bank { public int Extra => 1; }
            """);

        Assert.Equal(["Bank.g.cs"], result.HintNames);
        Assert.Equal(["CS0579"], result.Errors.Select(d => d.Id).Distinct()); // the duplicate attribute, in the user's file
    }

    [Fact]
    public async Task Clients_whose_names_differ_only_in_case_each_get_a_file()
    {
        Result result = await Run(Usings + "namespace Sample;\n" + Users + """
            [BunqClient]
            public partial class Bank;

            [BunqClient]
            public partial class bank;
            """);

        Assert.Equal(["Sample.Bank.g.cs", "Sample.bank.2.g.cs"], result.HintNames);
        Assert.Empty(result.Errors);
        Assert.Contains("AddBank(", result.Text("Sample.Bank.g.cs"), StringComparison.Ordinal);
        Assert.Contains("Addbank(", result.Text("Sample.bank.2.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_named_like_generated_members_or_the_client_are_left_out_with_a_diagnostic()
    {
        Result result = await Run(Usings + Users + """
            [BunqEndpoint, Signed]
            public interface IConnection { [Get("/a")] Task<string> AAsync(CancellationToken ct = default); }

            [BunqEndpoint, Signed]
            public interface IManifest { [Get("/b")] Task<string> BAsync(CancellationToken ct = default); }

            [BunqEndpoint, Signed]
            public interface IUserId { [Get("/c")] Task<string> CAsync(CancellationToken ct = default); }

            [BunqEndpoint, Signed]
            public interface IBank { [Get("/d")] Task<string> DAsync(CancellationToken ct = default); }

            [BunqEndpoint, Signed]
            public interface IPayments { [Get("/e")] Task<string> EAsync(CancellationToken ct = default); }

            [BunqClient]
            public partial class Bank { public string Payments => "mine"; }
            """);

        Assert.Empty(result.Errors);
        string text = result.Text("Bank.g.cs");
        Assert.Contains("global::IUsers Users { get; }", text, StringComparison.Ordinal);
        Assert.DoesNotContain("global::IConnection", text, StringComparison.Ordinal);
        Assert.DoesNotContain("global::IBank", text, StringComparison.Ordinal);
        Assert.DoesNotContain("global::IPayments", text, StringComparison.Ordinal);
        Assert.Equal(5, result.Analyzer.Count(d => d.Id == DiagnosticIds.EndpointPropertyClash));
        Assert.Equal(
            ["IBank:the client's own name", "IConnection:a member the generator adds to every client", "IManifest:a member the generator adds to every client",
             "IPayments:a member the class already has", "IUserId:a member the generator adds to every client"],
            result.Analyzer.Where(d => d.Id == DiagnosticIds.EndpointPropertyClash)
                .Select(d => d.Location.SourceTree!.GetRoot().FindToken(d.Location.SourceSpan.Start).Text + ":" + Reason(d))
                .Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_abstract_client_gets_no_file_and_BUNQ007()
    {
        Result result = await Run(Usings + Users + """
            [BunqClient]
            public abstract partial class Bank;
            """);

        Assert.Empty(result.HintNames);
        Assert.Empty(result.Errors);
        Assert.Contains("abstract", Assert.Single(result.Analyzer, d => d.Id == DiagnosticIds.ClientNotPartialClass).GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_with_a_primary_constructor_gets_no_file_and_BUNQ007()
    {
        Result result = await Run(Usings + Users + """
            [BunqClient]
            public partial class Bank(int retries);
            """);

        Assert.Empty(result.HintNames);
        Assert.Empty(result.Errors);
        Assert.Contains("primary constructor", Assert.Single(result.Analyzer, d => d.Id == DiagnosticIds.ClientNotPartialClass).GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generic_interfaces_and_methods_are_left_out_with_a_diagnostic()
    {
        Result result = await Run(Usings + Users + """
            [BunqEndpoint, Signed]
            public interface IItems<T> { [Get("/item")] Task<T> GetAsync(CancellationToken ct = default); }

            [BunqEndpoint, Signed]
            public interface IThings
            {
                [Get("/thing")]
                Task<T> GetAsync<T>(CancellationToken ct = default);

                [Get("/thing/{id}")]
                Task<string> OneAsync(long id, CancellationToken ct = default);
            }

            [BunqClient]
            public partial class Bank;
            """);

        Assert.Empty(result.Errors);
        string text = result.Text("Bank.g.cs");
        Assert.DoesNotContain("IItems", text, StringComparison.Ordinal);
        Assert.Contains("\"OneAsync\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"GetAsync\"", text, StringComparison.Ordinal);
        Assert.Single(result.Analyzer, d => d.Id == DiagnosticIds.EndpointNotBuildable);
        Assert.Single(result.Analyzer, d => d.Id == DiagnosticIds.GenericEndpointMethod);
    }

    [Fact]
    public async Task Inherited_methods_go_into_the_manifest_under_the_endpoint_interface()
    {
        Result result = await Run(Usings + """
            public interface IListing<T>
            {
                [Get("/user/{userId}/payment")]
                Task<T> ListAsync(long userId, CancellationToken ct = default);
            }

            [BunqEndpoint, Signed]
            public interface IPayments : IListing<string>
            {
                [Get("/user/{userId}/payment/{id}")]
                Task<string> GetAsync(long userId, long id, CancellationToken ct = default);
            }

            [BunqClient]
            public partial class Bank;
            """);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Analyzer);
        string text = result.Text("Bank.g.cs");
        Assert.Contains("new global::Bunq.Generated.BunqEndpointEntry(typeof(global::IPayments), \"GetAsync\", \"GET\", \"/user/{userId}/payment/{id}\", true)", text, StringComparison.Ordinal);
        Assert.Contains("new global::Bunq.Generated.BunqEndpointEntry(typeof(global::IPayments), \"ListAsync\", \"GET\", \"/user/{userId}/payment\", true)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_client_beside_every_mistake_still_compiles_and_only_BUNQ_diagnostics_explain_the_rest()
    {
        Result result = await Run(Usings + Users + """
            [BunqEndpoint, Signed] public interface IConnection { [Get("/a")] Task<string> AAsync(CancellationToken ct = default); }
            [BunqEndpoint, Signed] public interface IGeneric<T> { [Get("/b")] Task<T> BAsync(CancellationToken ct = default); }
            [BunqEndpoint] public interface IMixed
            {
                [Get("/c")] Task<string> UnsignedAsync(CancellationToken ct = default);
                [Signed, Post("/installation")] Task<string> InstallAsync(CancellationToken ct = default);
                [Signed, Get("/d")] Task<string> FineAsync();
            }

            [BunqClient] public partial class Good;
            [BunqClient] public abstract partial class Abstract;
            [BunqClient] public partial class good;
            [BunqClient] public partial class Manifest;
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(["Good.g.cs", "good.2.g.cs"], result.HintNames);
        Assert.Equal(["BUNQ001", "BUNQ004", "BUNQ007", "BUNQ008", "BUNQ017", "BUNQ018"], result.Analyzer.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal));
        string text = result.Text("Good.g.cs");
        Assert.Contains("\"FineAsync\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"UnsignedAsync\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"InstallAsync\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keyword_names_are_escaped_in_generated_code()
    {
        Result result = await Run(Usings + """
            namespace @namespace.@class;

            [BunqEndpoint, Signed]
            public interface @event { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }

            [BunqClient]
            public partial class @static;
            """);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Analyzer);
        Assert.Contains("public global::@namespace.@class.@event @event { get; }", result.Text(Assert.Single(result.HintNames)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_analyzer_does_not_mistake_generated_members_for_the_users()
    {
        Result result = await Run(Sources.Bank);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Analyzer);
    }

    private static string Reason(Diagnostic d)
    {
        string message = d.GetMessage();
        int start = message.IndexOf("' is ", StringComparison.Ordinal) + "' is ".Length;
        return message[start..message.IndexOf("; rename", StringComparison.Ordinal)];
    }

    internal static async Task<Result> Run(string source, params MetadataReference[] references)
    {
        CSharpCompilation compilation = TestReferences.Compilation(source).AddReferences(references);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new BunqGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        Assert.Null(run.Exception);
        Assert.Empty(generatorDiagnostics); // CS8785 and friends
        var generatedTrees = run.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
        ImmutableArray<Diagnostic> all = output.GetDiagnostics();
        Assert.DoesNotContain(all, d => d.Severity == DiagnosticSeverity.Error && generatedTrees.Contains(d.Location.SourceTree!));
        ImmutableArray<Diagnostic> analyzer = await output
            .WithAnalyzers([new BunqAnalyzer()], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(analyzer, d => d.Id == "AD0001");
        return new Result(run, all.Where(d => d.Severity == DiagnosticSeverity.Error).ToList(), analyzer);
    }

    internal sealed record Result(GeneratorRunResult Run, List<Diagnostic> Errors, ImmutableArray<Diagnostic> Analyzer)
    {
        public List<string> HintNames => Run.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal).ToList();

        public string Text(string hintName) => Run.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
    }
}
