using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.Generators.Tests;

public class IncrementalTests
{
    private static readonly string[] Steps = [TrackingNames.Endpoints, TrackingNames.AllEndpoints, TrackingNames.Clients, TrackingNames.UniqueClients, TrackingNames.ClientModels];

    private const string IncludesContracts = "[assembly: Bunq.BunqEndpointsFrom(typeof(Bunq.BunqOptions))]\n";

    [Fact]
    public void Same_input_twice_is_cached_or_unchanged_everywhere()
    {
        CSharpCompilation compilation = TestReferences.Compilation(Sources.Bank, Sources.Unrelated);
        GeneratorDriver driver = Driver().RunGenerators(compilation);

        GeneratorRunResult run = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        AssertAllSteps(run, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(run, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Editing_an_unrelated_file_leaves_the_output_cached()
    {
        CSharpCompilation first = TestReferences.Compilation(Sources.Bank, Sources.Unrelated);
        GeneratorDriver driver = Driver().RunGenerators(first);

        GeneratorRunResult run = driver.RunGenerators(Replace(first, 1, Sources.Unrelated.Replace("=> 1", "=> 2", StringComparison.Ordinal))).GetRunResult().Results.Single();

        AssertAllSteps(run, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(run, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Editing_a_method_body_in_the_client_class_leaves_the_spec_unchanged()
    {
        string withBody = Sources.Bank.Replace("public partial class Bank;", "public partial class Bank { public int Answer() => 41; }", StringComparison.Ordinal);
        CSharpCompilation first = TestReferences.Compilation(withBody);
        GeneratorDriver driver = Driver().RunGenerators(first);

        GeneratorRunResult run = driver.RunGenerators(Replace(first, 0, withBody.Replace("=> 41", "=> 42", StringComparison.Ordinal))).GetRunResult().Results.Single();

        Assert.All(Outputs(run, TrackingNames.Clients), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.All(Outputs(run, TrackingNames.ClientModels), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        AssertOutputs(run, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Changing_a_route_modifies_the_spec_and_the_output()
    {
        CSharpCompilation first = TestReferences.Compilation(Sources.Bank);
        GeneratorDriver driver = Driver().RunGenerators(first);
        string changed = Sources.Bank.Replace("/monetary-account-bank\"", "/monetary-account-savings\"", StringComparison.Ordinal);

        GeneratorRunResult run = driver.RunGenerators(Replace(first, 0, changed)).GetRunResult().Results.Single();

        Assert.Contains(Outputs(run, TrackingNames.Endpoints), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(Outputs(run, TrackingNames.ClientModels), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains("monetary-account-savings", run.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_included_assembly_is_read_into_values_and_stays_cached_across_unrelated_edits()
    {
        CSharpCompilation first = TestReferences.Compilation(Sources.Bank, Sources.Unrelated, IncludesContracts);
        GeneratorDriver driver = Driver().RunGenerators(first);

        GeneratorRunResult run = driver.RunGenerators(Replace(first, 1, Sources.Unrelated.Replace("=> 1", "=> 2", StringComparison.Ordinal))).GetRunResult().Results.Single();

        Assert.All(Outputs(run, TrackingNames.IncludedEndpoints), o => Assert.Contains(o.Reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        AssertAllSteps(run, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertOutputs(run, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Spec_types_hold_no_roslyn_type()
    {
        var specs = typeof(BunqGenerator).Assembly.GetTypes().Where(t => t.Namespace == "Bunq.Generators.Model").ToList();
        Assert.Contains(specs, t => t.Name == "ClientSpec");
        foreach (Type spec in specs)
        {
            foreach (FieldInfo field in spec.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            {
                Assert.False(IsRoslyn(field.FieldType), $"{spec.Name}.{field.Name} is a {field.FieldType}");
            }
        }

        static bool IsRoslyn(Type type) =>
            type.Assembly == typeof(ISymbol).Assembly || type.Assembly == typeof(CSharpCompilation).Assembly
            || type.GetGenericArguments().Any(IsRoslyn) || (type.IsArray && IsRoslyn(type.GetElementType()!));
    }

    [Fact]
    public void No_symbol_syntax_node_or_compilation_is_cached_in_any_step()
    {
        CSharpCompilation compilation = TestReferences.Compilation(Sources.Bank, Sources.Unrelated, IncludesContracts);
        GeneratorRunResult run = Driver().RunGenerators(compilation).GetRunResult().Results.Single();

        int inspected = 0;
        foreach (string step in Steps.Append(TrackingNames.IncludedEndpoints))
        {
            foreach ((object Value, IncrementalStepRunReason Reason) output in Outputs(run, step))
            {
                AssertNoRoslynObjects(output.Value, step, depth: 0);
                inspected++;
            }
        }

        Assert.True(inspected >= 4, $"only {inspected} outputs inspected");
    }

    [Fact]
    public void The_catalogue_checks_keep_no_symbol_or_compilation_and_derive_a_users_description_once_per_text()
    {
        // The analyzer's only state across compilations: the embedded catalogue and the last user-supplied description.
        const string description = """{ "paths": { "/brand-new": { "get": {} } } }""";
        Bunq.Catalogue.BunqCatalogue first = Catalogue.CatalogueSource.For([new TextFile("bunq-openapi.json", description)], default);
        Bunq.Catalogue.BunqCatalogue again = Catalogue.CatalogueSource.For([new TextFile("x/Bunq-OpenAPI.json", description)], default);
        Bunq.Catalogue.BunqCatalogue changed = Catalogue.CatalogueSource.For([new TextFile("bunq-openapi.json", description.Replace("get", "put", StringComparison.Ordinal))], default);

        Assert.Same(first, again);
        Assert.NotSame(first, changed);
        Assert.Equal("PUT", Assert.Single(changed.Operations).Verb);
        Assert.Same(Bunq.Catalogue.BunqCatalogue.Embedded, Catalogue.CatalogueSource.For([new TextFile("other.json", description)], default));
        foreach (Type type in new[] { typeof(Catalogue.CatalogueSource), typeof(Bunq.Catalogue.BunqCatalogue) })
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
            {
                AssertNoRoslynObjects(field.GetValue(null), type.Name + "." + field.Name, depth: 0);
            }
        }
    }

    private sealed class TextFile(string path, string text) : Microsoft.CodeAnalysis.AdditionalText
    {
        public override string Path => path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
            Microsoft.CodeAnalysis.Text.SourceText.From(text, System.Text.Encoding.UTF8);
    }

    private static void AssertNoRoslynObjects(object? value, string step, int depth)
    {
        if (value is null || depth > 8 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location,
            $"step {step} caches a {value.GetType().Name}");
        if (value is IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, step, depth + 1);
            }

            return;
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), step, depth + 1);
        }
    }

    private static GeneratorDriver Driver() => CSharpGeneratorDriver.Create(
        [new BunqGenerator().AsSourceGenerator()],
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static CSharpCompilation Replace(CSharpCompilation compilation, int index, string text)
    {
        SyntaxTree old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, (CSharpParseOptions)old.Options, old.FilePath));
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult run, string step) =>
        run.TrackedSteps.TryGetValue(step, out var steps) ? steps.SelectMany(s => s.Outputs) : throw new Xunit.Sdk.XunitException($"step {step} not tracked");

    private static void AssertAllSteps(GeneratorRunResult run, params IncrementalStepRunReason[] allowed)
    {
        foreach (string step in Steps)
        {
            Assert.All(Outputs(run, step), o => Assert.Contains(o.Reason, allowed));
        }
    }

    private static void AssertOutputs(GeneratorRunResult run, IncrementalStepRunReason expected)
    {
        var outputs = run.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Equal(expected, o.Reason));
    }
}
