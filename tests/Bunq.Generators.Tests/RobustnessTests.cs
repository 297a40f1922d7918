using System.Collections.Immutable;
using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bunq.Generators.Tests;

/// <summary>The generator and analyzer never throw on source a developer is still typing.</summary>
public class RobustnessTests
{
    public static TheoryData<string> HalfTypedSources => new()
    {
        // broken interface
        "using Bunq; using Refit; [BunqEndpoint] public interface IBroken { [Get(\"/x\")] Task<",
        // missing types
        "using Bunq; using Refit; [BunqEndpoint, Signed] public interface IMissing { [Get(\"/x\")] Task<Nope> M(Unknown u); } [BunqClient] public partial class C;",
        // generic method and generic interface
        "using System.Threading.Tasks; using Bunq; using Refit; [BunqEndpoint, Signed] public interface IGen<T> { [Get(\"/x\")] Task<T> M<U>(U u); } [BunqClient] public partial class C;",
        // nested and partial interfaces
        "using System.Threading.Tasks; using Bunq; using Refit; public partial class Outer { [BunqEndpoint, Signed] public partial interface INested { [Get(\"/a\")] Task A(); } public partial interface INested { [Get(\"/b\")] Task B(); } } [BunqClient] public partial class C;",
        // attribute with wrong arguments
        "using Bunq; using Refit; [BunqEndpoint(42), Signed(\"x\")] public interface IArgs { [Get()] System.Threading.Tasks.Task M(); [Get(null)] System.Threading.Tasks.Task N(); } [BunqClient(1)] partial class C",
        // attribute on the wrong kind of declaration
        "using Bunq; [BunqEndpoint] public class NotAnInterface { } [BunqClient] public partial interface INotAClass { } [BunqClient] public partial record R;",
        // client named like its endpoint property, and a private nested endpoint
        "using System.Threading.Tasks; using Bunq; using Refit; [BunqEndpoint, Signed] public interface IUsers { [Get(\"/u\")] Task M(); } [BunqClient] public partial class Users; class P { [BunqEndpoint] private interface IHidden { } }",
        // nothing but attributes
        "[Bunq.BunqEndpoint] [Bunq.BunqClient]",
        string.Empty,
    };

    [Theory]
    [MemberData(nameof(HalfTypedSources))]
    public async Task Half_typed_source_never_throws(string source)
    {
        CSharpCompilation compilation = TestReferences.Compilation(source);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new BunqGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);

        Assert.All(driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(generatorDiagnostics, d => d.Id == "CS8785");
        ImmutableArray<Diagnostic> analyzerDiagnostics = await output
            .WithAnalyzers([new BunqAnalyzer()], new CompilationWithAnalyzersOptions(AnalyzerOptions(), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAllDiagnosticsAsync();
        Assert.DoesNotContain(analyzerDiagnostics, d => d.Id == "AD0001");
    }

    private static AnalyzerOptions AnalyzerOptions() => new([]);
}
