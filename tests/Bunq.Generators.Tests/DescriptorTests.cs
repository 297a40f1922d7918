using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Tests;

public class DescriptorTests
{
    [Fact]
    public void Every_diagnostic_has_a_help_page_a_help_link_and_a_release_entry()
    {
        string root = Bunq.Testing.TestPaths.RepositoryRoot();
        string releases = File.ReadAllText(Path.Combine(root, "src", "Bunq.Generators.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var descriptors = new BunqAnalyzer().SupportedDiagnostics.AddRange(new Catalogue.CatalogueAnalyzer().SupportedDiagnostics);

        Assert.Equal(22, descriptors.Length); // BUNQ001 to BUNQ022, each once
        Assert.Equal(descriptors.Length, descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(descriptors, d =>
        {
            Assert.Matches("^BUNQ0[0-9]{2}$", d.Id);
            Assert.EndsWith("/docs/diagnostics/" + d.Id + ".md", d.HelpLinkUri, StringComparison.Ordinal);
            string page = File.ReadAllText(Path.Combine(root, "docs", "diagnostics", d.Id + ".md"));
            Assert.StartsWith("# " + d.Id + ":", page, StringComparison.Ordinal);
            Assert.Contains($"{d.Id} | Bunq | {d.DefaultSeverity}", releases, StringComparison.Ordinal);
        });
        Assert.Equal(DiagnosticSeverity.Error, DiagnosticDescriptors.UnsignedEndpoint.DefaultSeverity);
    }
}
