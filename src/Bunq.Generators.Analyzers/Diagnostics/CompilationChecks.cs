using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Bunq.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bunq.Generators.Diagnostics;

/// <summary>A referenced assembly whose endpoint interfaces the project's clients do not include (BUNQ020).</summary>
internal sealed record ExcludedAssembly(string Name, string Interfaces, string Example);

/// <summary>
/// What the symbol actions collect for the rules that need the whole compilation: which interfaces endpoints inherit
/// from (BUNQ006), property names shared by two endpoints (BUNQ011), endpoint properties against client members (BUNQ017).
/// </summary>
internal sealed class CompilationChecks
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat;

    private readonly Compilation _compilation;
    private readonly KnownSymbols _known;
    private readonly Lazy<IReadOnlyList<ExcludedAssembly>> _excluded;
    private readonly ConcurrentBag<EndpointCheck> _endpoints = [];
    private readonly ConcurrentBag<(INamedTypeSymbol Type, IReadOnlyCollection<string> Taken)> _clients = [];
    private readonly ConcurrentBag<(INamedTypeSymbol? Owner, Location? Location, string Name)> _signedOutside = [];

    public CompilationChecks(Compilation compilation, KnownSymbols known)
    {
        _compilation = compilation;
        _known = known;
        _excluded = new Lazy<IReadOnlyList<ExcludedAssembly>>(FindExcluded);
    }

    /// <summary>Referenced assemblies with endpoint interfaces the project does not include; worked out once, on the first client.</summary>
    public IReadOnlyList<ExcludedAssembly> ExcludedAssemblies => _excluded.Value;

    public void Endpoint(EndpointCheck check) => _endpoints.Add(check);

    public void Client(INamedTypeSymbol type, IReadOnlyCollection<string> taken) => _clients.Add((type, taken));

    public void SignedOutside(INamedTypeSymbol? owner, Location? location, string name) => _signedOutside.Add((owner, location, name));

    public void Report(CompilationAnalysisContext context)
    {
        var bases = new HashSet<INamedTypeSymbol>(
            _endpoints.SelectMany(e => e.Endpoint.AllInterfaces).Select(i => i.OriginalDefinition), SymbolEqualityComparer.Default);
        foreach ((INamedTypeSymbol? owner, Location? location, string name) in _signedOutside)
        {
            if (owner is null || !bases.Contains(owner.OriginalDefinition))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SignedOutsideEndpoint, location, name));
            }
        }

        // The endpoints every client gets, as the generator sees them: those with no problem, the project's own and
        // the included ones; of two with one property name, the first by full name.
        var included = ReferencedEndpoints.Included(_compilation.Assembly, _known)
            .SelectMany(a => ReferencedEndpoints.Of(a, _compilation.Assembly, _known))
            .Select(e => EndpointShape.Check(e, _known));
        var groups = _endpoints.Concat(included)
            .Where(e => e.Problems.Count == 0)
            .GroupBy(e => e.Endpoint.ToDisplayString(FullyQualified), StringComparer.Ordinal)
            .Select(g => g.First())
            .GroupBy(e => e.PropertyName, StringComparer.Ordinal)
            .Select(g => g.OrderBy(e => e.Endpoint.ToDisplayString(FullyQualified), StringComparer.Ordinal).ToList())
            .ToList();
        foreach (List<EndpointCheck> clash in groups.Where(g => g.Count > 1))
        {
            foreach (EndpointCheck later in clash.Skip(1))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateEndpointProperty, SourceLocation(later.Endpoint) ?? SourceLocation(clash[0].Endpoint),
                    clash[0].Endpoint.ToDisplayString(), later.Endpoint.ToDisplayString(), clash[0].PropertyName));
            }
        }

        foreach ((INamedTypeSymbol client, IReadOnlyCollection<string> taken) in _clients.OrderBy(c => c.Type.ToDisplayString(), StringComparer.Ordinal))
        {
            foreach (EndpointCheck endpoint in groups.Select(g => g[0]))
            {
                if (ClientShape.PropertyClash(endpoint.PropertyName, client.Name, taken) is { } reason)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EndpointPropertyClash, SourceLocation(endpoint.Endpoint) ?? client.Locations.FirstOrDefault(),
                        endpoint.Endpoint.Name, endpoint.PropertyName, client.Name, reason));
                }
            }
        }
    }

    private static Location? SourceLocation(ISymbol symbol) => symbol.Locations.FirstOrDefault(l => l.IsInSource);

    private IReadOnlyList<ExcludedAssembly> FindExcluded()
    {
        var included = new HashSet<IAssemblySymbol>(ReferencedEndpoints.Included(_compilation.Assembly, _known), SymbolEqualityComparer.Default);
        var excluded = new List<ExcludedAssembly>();
        foreach (IAssemblySymbol assembly in ReferencedEndpoints.Candidates(_compilation, _known).Where(a => !included.Contains(a)))
        {
            List<INamedTypeSymbol> endpoints = ReferencedEndpoints.Of(assembly, _compilation.Assembly, _known);
            if (endpoints.Count == 0)
            {
                continue;
            }

            string names = string.Join(", ", endpoints.Take(5).Select(e => e.Name)) + (endpoints.Count > 5 ? $" and {endpoints.Count - 5} more" : "");
            excluded.Add(new ExcludedAssembly(assembly.Name, names, endpoints[0].ToDisplayString()));
        }

        return excluded.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }
}
