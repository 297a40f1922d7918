using System.Collections.Immutable;
using System.Diagnostics;
using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace Bunq.Generators.Tests;

/// <summary>
/// Seeded random mutations of valid endpoint files (deleted tokens, swapped attributes, truncations, stray characters):
/// the generator and the analyzers (the catalogue checks too) must never throw (no CS8785, no AD0001). BUNQ_FUZZ_COUNT sets the count (default
/// 10,000); BUNQ_FUZZ_SEED the seed.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Seeds =
    [
        Sources.Bank,
        """
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        namespace Fuzz;

        public sealed record Filter(string Name);

        [BunqEndpoint]
        public partial interface IUsers
        {
            [Signed, Get("/user")]
            Task<BunqList<Filter>> ListAsync(CancellationToken ct = default);

            [Signed, Post("/user/{id}/thing")]
            Task<BunqId> CreateAsync(long id, [Body] Filter filter, CancellationToken ct = default);
        }

        public partial interface IUsers
        {
            [Put("/user/{id}/thing/{thing}")]
            Task<BunqId> UpdateAsync(long id, long thing, [Body] Filter filter);
        }

        [BunqClient]
        internal partial class FuzzClient;
        """,
        // The catalogue checks' inputs: bunq's routes (right, misspelled, /v1), bodies with nested and named properties, wrapped responses.
        """
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        namespace Fuzz;

        public sealed record Money(string Value, string Currency);
        public sealed record NewPayment(Money Amount, BunqPointer CounterpartyAlias, string Descripton, IReadOnlyList<Money> Attachment);
        public sealed record Payment(long Id, [property: JsonPropertyName("amount")] Money Sum, Party CounterpartyAlias) { public Payment? Next { get; init; } }
        public sealed record Party(string Iban, string DisplayName);

        [BunqEndpoint, Signed]
        public interface IPayments
        {
            [Post("/user/{userId}/monetary-account/{accountId}/payment")]
            Task<BunqId> CreateAsync(long userId, long accountId, [Body] NewPayment payment, CancellationToken ct = default);

            [Get("/user/{userId}/monetary-account/{accountId}/payment?count=10")]
            Task<ApiResponse<BunqList<Payment>>> ListAsync(long userId, long accountId, CancellationToken ct = default);

            [Put("/user/{userId}/monetary-acount/{accountId}/payment/{id}")]
            Task<Payment> UpdateAsync(long userId, long accountId, long id, [Body] Payment payment, CancellationToken ct = default);

            [Delete("/v1/user/{userId}")]
            Task DeleteAsync(long userId, CancellationToken ct = default);
        }
        """,
    ];

    [Fact]
    public async Task Random_mutations_of_endpoint_files_never_crash_the_generator_or_analyzer()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("BUNQ_FUZZ_COUNT"), out int c) ? c : 10_000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("BUNQ_FUZZ_SEED"), out int s) ? s : 20261128;
        CSharpCompilation baseline = TestReferences.Compilation("namespace Fuzz; public sealed class Anchor { }");
        var clock = Stopwatch.StartNew();
        int analyzed = 0;

        // Two workers (the machine has two cores), each with its own generator driver and random stream.
        int[] failures = await Task.WhenAll(Enumerable.Range(0, 2).Select(worker => Task.Run(async () =>
        {
            var random = new Random(seed + worker);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new BunqGenerator());
            int bad = 0;
            for (int i = worker; i < count; i += 2)
            {
                string source = Mutate(Seeds[random.Next(Seeds.Length)], random);
                CSharpCompilation compilation = baseline.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), "Fuzz.cs"));
                driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation updated, out ImmutableArray<Diagnostic> diagnostics);
                if (driver.GetRunResult().Results.Any(r => r.Exception is not null) || diagnostics.Any(d => d.Id == "CS8785"))
                {
                    bad++;
                    output.WriteLine($"generator failed on mutation {i}:\n{source}");
                }

                // Whatever the user's file looks like, the generated file itself must compile.
                // (Only the generated trees are bound: the whole compilation's diagnostics would cost five times as much.)
                if (driver.GetRunResult().GeneratedTrees
                    .SelectMany(tree => updated.GetSemanticModel(tree).GetDiagnostics())
                    .FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } inGenerated)
                {
                    bad++;
                    output.WriteLine($"error inside generated code on mutation {i}: {inGenerated}\n{source}");
                }

                {
                    Interlocked.Increment(ref analyzed);
                    ImmutableArray<Diagnostic> analyzer = await updated
                        .WithAnalyzers([new BunqAnalyzer(), new Catalogue.CatalogueAnalyzer()], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
                        .GetAnalyzerDiagnosticsAsync();
                    if (analyzer.Any(d => d.Id == "AD0001"))
                    {
                        bad++;
                        output.WriteLine($"analyzer failed on mutation {i}:\n{source}");
                    }
                }
            }

            return bad;
        })));

        output.WriteLine($"{count} mutations (seed {seed}) through the generator and {analyzed} through the analyzer in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, failures.Sum());
    }

    private static string Mutate(string source, Random random)
    {
        SyntaxToken[] tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToArray();
        int edits = 1 + random.Next(3);
        for (int e = 0; e < edits; e++)
        {
            switch (random.Next(5))
            {
                case 0: // delete a token
                    SyntaxToken token = tokens[random.Next(tokens.Length)];
                    source = token.SpanStart + token.Span.Length <= source.Length ? source.Remove(token.SpanStart, token.Span.Length) : source;
                    break;
                case 1: // swap two attribute lists
                    var attributes = System.Text.RegularExpressions.Regex.Matches(source, @"\[[^\[\]]*\]").ToArray();
                    if (attributes.Length >= 2)
                    {
                        var a = attributes[random.Next(attributes.Length)];
                        var b = attributes[random.Next(attributes.Length)];
                        if (a.Index < b.Index && a.Index + a.Length <= b.Index)
                        {
                            source = source[..a.Index] + b.Value + source[(a.Index + a.Length)..b.Index] + a.Value + source[(b.Index + b.Length)..];
                        }
                    }

                    break;
                case 2: // truncate
                    source = source[..random.Next(source.Length + 1)];
                    break;
                case 3: // a stray character
                    source = source.Insert(random.Next(source.Length + 1), "{}()[]<>;,\"'@#/\\=?"[random.Next(18)].ToString());
                    break;
                default: // duplicate a line
                    string[] lines = source.Split('\n');
                    int line = random.Next(lines.Length);
                    source = string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1)));
                    break;
            }

            tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToArray();
            if (tokens.Length == 0)
            {
                break;
            }
        }

        return source;
    }
}
