using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bunq.Benchmarks;

/// <summary>
/// P2: a compilation with bunq's 480 operations as endpoint methods. Our generator plus our analyzer against Refit's own
/// generator on the same compilation: the first run, and a re-run after an edit in an unrelated file (the analyzer then
/// re-analyses only the edited document, as the IDE does).
/// </summary>
[MemoryDiagnoser]
public partial class GeneratorCost
{
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private IIncrementalGenerator _refit = null!;
    private GeneratorDriver _oursWarm = null!;
    private GeneratorDriver _refitWarm = null!;

    public static int MethodCount { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        string generatorPath = typeof(GeneratorCost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RefitGenerator").Value!;
        Type refitType = Assembly.LoadFrom(generatorPath).GetTypes().Single(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract);
        _refit = (IIncrementalGenerator)Activator.CreateInstance(refitType)!;

        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        SyntaxTree endpoints = CSharpSyntaxTree.ParseText(EndpointSource(), parse, "Endpoints.cs");
        SyntaxTree unrelated = CSharpSyntaxTree.ParseText("namespace Bench; public static class Unrelated { public static int Value => 1; }", parse, "Unrelated.cs");
        string[] trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        // What a consumer of the package compiles against: the framework, Microsoft.Extensions.* (the generated DI
        // registration needs them), Refit and the runtime library.
        IEnumerable<MetadataReference> references = trusted
            .Where(p => Path.GetFileName(p) is var file && (file.StartsWith("System.", StringComparison.Ordinal) || file.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || file is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(BunqClientAttribute).Assembly.Location)
            .Append(typeof(Refit.GetAttribute).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        _compilation = CSharpCompilation.Create("Bench", [endpoints, unrelated], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _edited = _compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText("namespace Bench; public static class Unrelated { public static int Value => 2; }", parse, "Unrelated.cs"));
        _oursWarm = Ours().RunGenerators(_compilation);
        if (OutputErrors() is { Length: > 0 } errors)
        {
            throw new InvalidOperationException("The benchmark compilation does not compile with the generated code:\n" + string.Join('\n', errors));
        }

        if (AnalyzerDiagnostics().GetAwaiter().GetResult() is { Length: > 0 } diagnostics)
        {
            throw new InvalidOperationException("The benchmark compilation is not a clean one:\n" + string.Join('\n', diagnostics));
        }

        _refitWarm = Refit().RunGenerators(_compilation);
    }

    [Benchmark(Baseline = true, Description = "Refit generator, first run")]
    public GeneratorDriver RefitFirst() => Refit().RunGenerators(Fresh());

    /// <summary>
    /// Both of ours, each on its own cold copy of the compilation, as in a build (the analyzers see a new compilation
    /// with the generated code added, whose binding starts again). The binding of generated code is left out here as
    /// it is for Refit: the compiler does it for either generator's output whether or not analyzers run.
    /// </summary>
    [Benchmark(Description = "Bunq generator + analyzer, first run")]
    public async Task<int> OursFirst() => OursGeneratorFirst().GetRunResult().GeneratedTrees.Length + await OursAnalyzerFirst();

    /// <summary>
    /// Guards the benchmark itself: the compilation is one a user could build, with nothing to report — bunq's own API
    /// checked against bunq's API catalogue included (none of BUNQ012-016).
    /// </summary>
    public Task<ImmutableArray<Diagnostic>> AnalyzerDiagnostics() => AnalyzeFirstRun(OurAnalyzers());

    [Benchmark(Description = "Bunq generator alone, first run")]
    public GeneratorDriver OursGeneratorFirst() => Ours().RunGenerators(Fresh());

    [Benchmark(Description = "Bunq analyzers alone, first run")]
    public async Task<int> OursAnalyzerFirst() => (await AnalyzeFirstRun(OurAnalyzers())).Length;

    [Benchmark(Description = "Bunq catalogue analyzer alone, first run")]
    public async Task<int> CatalogueAnalyzerFirst() => (await AnalyzeFirstRun(new Bunq.Generators.Catalogue.CatalogueAnalyzer())).Length;

    /// <summary>
    /// The compiler's own binding that any symbol analyzer triggers on a cold compilation, measured with an analyzer
    /// that does nothing: subtracting it from the analyzer's row leaves what our analyzer's callbacks cost.
    /// </summary>
    [Benchmark(Description = "Binding baseline: no-op analyzer, first run")]
    public async Task<int> BindingBaseline() => (await AnalyzeFirstRun(new NoOpAnalyzer())).Length;

    /// <summary>Guards the benchmark itself: the generated code must compile against the references given.</summary>
    public string[] OutputErrors()
    {
        Ours().RunGeneratorsAndUpdateCompilation(Fresh(), out Compilation output, out _);
        return output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
    }

    [Benchmark(Description = "Refit generator, re-run after unrelated edit")]
    public GeneratorDriver RefitRerun() => _refitWarm.RunGenerators(_edited);

    [Benchmark(Description = "Bunq generator + analyzer, re-run after unrelated edit")]
    public async Task<int> OursRerun() => (await AnalyzeRerun(OurAnalyzers())).Length;

    [Benchmark(Description = "Bunq generator alone, re-run after unrelated edit")]
    public GeneratorDriver OursGeneratorRerun() => _oursWarm.RunGenerators(_edited);

    /// <summary>The same re-run with an analyzer that does nothing: what the IDE pays to analyse the edited document at all.</summary>
    [Benchmark(Description = "Binding baseline: no-op analyzer, re-run after unrelated edit")]
    public async Task<int> BindingBaselineRerun() => (await AnalyzeRerun(new NoOpAnalyzer())).Length;

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class NoOpAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new("NOOP001", "never", "never", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Never];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(_ => { }, SymbolKind.NamedType, SymbolKind.Method);
        }
    }

    /// <summary>A first run must not find the binding a previous iteration left cached in the compilation.</summary>
    private Compilation Fresh() => _compilation.Clone();

    /// <summary>Every analyzer the package ships: the shape checks and the checks against bunq's API catalogue.</summary>
    private static DiagnosticAnalyzer[] OurAnalyzers() => [new Bunq.Generators.Diagnostics.BunqAnalyzer(), new Bunq.Generators.Catalogue.CatalogueAnalyzer()];

    private static GeneratorDriver Ours() => CSharpGeneratorDriver.Create(new Bunq.Generators.BunqGenerator());

    private GeneratorDriver Refit() => CSharpGeneratorDriver.Create([_refit.AsSourceGenerator()], parseOptions: new CSharpParseOptions(LanguageVersion.Latest));

    /// <summary>An analyzer over a cold copy of the compilation, the whole of it.</summary>
    private Task<ImmutableArray<Diagnostic>> AnalyzeFirstRun(params DiagnosticAnalyzer[] analyzers) =>
        Fresh().WithAnalyzers([.. analyzers], new AnalyzerOptions([])).GetAnalyzerDiagnosticsAsync();

    /// <summary>
    /// Our warm generator re-run on the edited compilation, then an analyzer over the edited document alone, as the IDE
    /// re-analyses after a keystroke.
    /// </summary>
    private Task<ImmutableArray<Diagnostic>> AnalyzeRerun(params DiagnosticAnalyzer[] analyzers)
    {
        _oursWarm.RunGeneratorsAndUpdateCompilation(_edited, out Compilation output, out _);
        SyntaxTree edited = output.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
        return output.WithAnalyzers([.. analyzers], new AnalyzerOptions([]))
            .GetAnalyzerSemanticDiagnosticsAsync(output.GetSemanticModel(edited), null, CancellationToken.None);
    }

    /// <summary>One interface per first path segment, one method per operation, placeholders as long parameters.</summary>
    private static string EndpointSource()
    {
        var operations = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "bunq-catalogue.txt")).Where(l => l.StartsWith("O\t", StringComparison.Ordinal))
            .Select(l => l.Split('\t')).Select(c => new[] { c[1], c[2], c.Length > 8 ? c[8] : "-", c.Length > 9 ? c[9] : "-", c.Length > 10 ? c[10] : "-" }).ToList();
        var source = new StringBuilder("using System.Threading;\nusing System.Threading.Tasks;\nusing Bunq;\nusing Refit;\n\nnamespace Bench;\n\n");
        int methods = 0;
        foreach (var group in operations.GroupBy(o => o[1].Split('/', StringSplitOptions.RemoveEmptyEntries)[0]))
        {
            // The context-creation routes (the catalogue's context fact) belong to the bootstrapper (declaring them is
            // BUNQ004): their groups are plain Refit interfaces, so that both generators see all 480 operations and the
            // compilation is one a user could build.
            bool context = group.Any(o => o[4] == "context");
            source.Append(context ? "" : "[BunqEndpoint, Signed]\n").Append("public interface I").Append(Pascal(group.Key)).Append("Api\n{\n");
            foreach (string[] operation in group)
            {
                int parameter = 0;
                string route = Placeholder().Replace(operation[1], _ => "{p" + (++parameter).ToString(CultureInfo.InvariantCulture) + "}");
                string arguments = string.Concat(Enumerable.Range(1, parameter).Select(p => "long p" + p.ToString(CultureInfo.InvariantCulture) + ", "));
                // The catalogue's raw-byte facts (BUNQ022): an upload sends HttpContent with its required header, a file
                // read answers a Stream, as a user who declares them correctly would.
                if (operation[2] == "body")
                {
                    arguments += "[Body] System.Net.Http.HttpContent file, "
                        + (operation[3] != "-" ? "[Header(\"" + operation[3] + "\")] string header, " : "");
                }

                string answer = operation[2] == "answer" ? "System.IO.Stream" : "string";
                string verb = operation[0][0] + operation[0][1..].ToLowerInvariant();
                source.Append("    [").Append(verb).Append("(\"").Append(route).Append("\")]\n    Task<").Append(answer).Append("> Op").Append((++methods).ToString(CultureInfo.InvariantCulture))
                    .Append('(').Append(arguments).Append("CancellationToken ct = default);\n");
            }

            source.Append("}\n\n");
        }

        MethodCount = methods;
        return source.Append("[BunqClient]\npublic partial class BenchClient;\n").ToString();
    }

    private static string Pascal(string segment) => string.Concat(segment.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
