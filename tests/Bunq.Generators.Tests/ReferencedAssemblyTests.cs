using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bunq.Generators.Tests;

/// <summary>Endpoint interfaces of a referenced project: left out with an info diagnostic, or included by name.</summary>
public class ReferencedAssemblyTests
{
    private static readonly Lazy<MetadataReference> Contracts = new(() => Build("Contracts", """
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        namespace Contracts;

        [BunqEndpoint, Signed]
        public interface IUsers { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }

        [BunqEndpoint, Signed]
        internal interface IHiddenUsers { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }

        [BunqEndpoint]
        public interface IBroken { [Get("/user")] Task<string> ListAsync(CancellationToken ct = default); }

        public sealed class Marker;
        """));

    private const string App = """
        using System.Threading;
        using System.Threading.Tasks;
        using Bunq;
        using Refit;

        namespace App;

        [BunqEndpoint, Signed]
        public interface IPayments { [Get("/payment")] Task<string> ListAsync(CancellationToken ct = default); }

        [BunqClient]
        public partial class Bank;
        """;

    [Fact]
    public async Task Without_the_attribute_the_client_says_what_it_leaves_out()
    {
        EveryDeclarationTests.Result result = await EveryDeclarationTests.Run(App, Contracts.Value);

        Assert.Empty(result.Errors);
        string text = result.Text("App.Bank.g.cs");
        Assert.Contains("global::App.IPayments Payments", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Contracts", text, StringComparison.Ordinal);
        Diagnostic info = Assert.Single(result.Analyzer);
        Assert.Equal(DiagnosticIds.ReferencedEndpointsNotIncluded, info.Id);
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        Assert.Equal(
            "[BunqClient] 'Bank' does not include the [BunqEndpoint] interfaces of referenced assembly 'Contracts' (IBroken, IUsers); add [assembly: BunqEndpointsFrom(typeof(Contracts.IBroken))] to include them",
            info.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task With_the_attribute_the_client_includes_the_visible_sound_ones()
    {
        EveryDeclarationTests.Result result = await EveryDeclarationTests.Run(
            App.Replace("namespace App;", "[assembly: BunqEndpointsFrom(typeof(Contracts.Marker))]\nnamespace App;", StringComparison.Ordinal), Contracts.Value);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Analyzer);
        string text = result.Text("App.Bank.g.cs");
        Assert.Contains("public global::Contracts.IUsers Users { get; }", text, StringComparison.Ordinal);
        Assert.Contains("new global::Bunq.Generated.BunqEndpointEntry(typeof(global::Contracts.IUsers), \"ListAsync\", \"GET\", \"/user\", true)", text, StringComparison.Ordinal);
        Assert.Contains("global::App.IPayments Payments", text, StringComparison.Ordinal);
        Assert.DoesNotContain("IHiddenUsers", text, StringComparison.Ordinal); // internal, and no InternalsVisibleTo
        // Its unsigned method had BUNQ001 in its own project: it stays out of the manifest, as a local one would.
        Assert.Contains("public global::Contracts.IBroken Broken { get; }", text, StringComparison.Ordinal);
        Assert.DoesNotContain("typeof(global::Contracts.IBroken)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_included_interface_that_clashes_with_a_local_one_is_reported_here()
    {
        EveryDeclarationTests.Result result = await EveryDeclarationTests.Run("""
            [assembly: Bunq.BunqEndpointsFrom(typeof(Contracts.Marker))]
            namespace App;

            [Bunq.BunqEndpoint, Bunq.Signed]
            public interface IUsers { [Refit.Get("/user")] System.Threading.Tasks.Task<string> ListAsync(System.Threading.CancellationToken ct = default); }

            [Bunq.BunqClient]
            public partial class Bank;
            """, Contracts.Value);

        Assert.Empty(result.Errors);
        Diagnostic clash = Assert.Single(result.Analyzer);
        Assert.Equal(DiagnosticIds.DuplicateEndpointProperty, clash.Id);
        Assert.True(clash.Location.IsInSource);
        Assert.Contains("global::App.IUsers Users", result.Text("App.Bank.g.cs"), StringComparison.Ordinal); // App < Contracts
    }

    private static MetadataReference Build(string name, string source)
    {
        CSharpCompilation compilation = TestReferences.Compilation(source).WithAssemblyName(name);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
