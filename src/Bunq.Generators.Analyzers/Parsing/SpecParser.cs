using System.Linq;
using System.Threading;
using Bunq.Catalogue;
using Bunq.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Parsing;

/// <summary>
/// Turns symbols into specs. Never writes code; returns null (or leaves out) exactly what the shared shape check finds
/// an error in, which the analyzers report.
/// </summary>
internal static class SpecParser
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat;

    public static EndpointInterfaceSpec? ParseEndpoint(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        context.TargetSymbol is INamedTypeSymbol { TypeKind: TypeKind.Interface } endpoint
            ? Endpoint(endpoint, KnownSymbols.For(context.SemanticModel.Compilation), cancellationToken)
            : null;

    /// <summary>The endpoints of the assemblies named by <c>[assembly: BunqEndpointsFrom(typeof(T))]</c>.</summary>
    public static EquatableArray<EndpointInterfaceSpec> ParseIncluded(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        Compilation compilation = context.SemanticModel.Compilation;
        var known = KnownSymbols.For(compilation);
        return ReferencedEndpoints.Included(compilation.Assembly, known)
            .SelectMany(assembly => ReferencedEndpoints.Of(assembly, compilation.Assembly, known))
            .Select(endpoint => Endpoint(endpoint, known, cancellationToken))
            .Where(spec => spec is not null)
            .Select(spec => spec!)
            .ToEquatableArray();
    }

    public static ClientSpec? ParseClient(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type)
        {
            return null;
        }

        if (HasMissingName(type))
        {
            return null; // half-typed: the compiler already reports the missing identifier in the user's file
        }

        var taken = ClientShape.TakenNames(type);
        if (ClientShape.Problems(type, taken).Count > 0)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        string? ns = RawName(type.ContainingNamespace);
        return new ClientSpec(ns, type.Name, type.DeclaredAccessibility == Accessibility.Public, taken.ToEquatableArray());
    }

    private static EndpointInterfaceSpec? Endpoint(INamedTypeSymbol endpoint, KnownSymbols known, CancellationToken cancellationToken)
    {
        EndpointCheck check = EndpointShape.Check(endpoint, known);
        if (check.Problems.Count > 0 || HasMissingName(endpoint))
        {
            return null;
        }

        var methods = check.Methods
            .Where(shape => shape.IsBuildable)
            .Select(shape => new EndpointMethodSpec(shape.Method.Name, shape.HttpMethod!, shape.Route!, shape.Signed, FactsOf(shape)))
            .ToEquatableArray();
        cancellationToken.ThrowIfCancellationRequested();
        return new EndpointInterfaceSpec(endpoint.ToDisplayString(FullyQualified), check.PropertyName, IsPublic(endpoint), methods);
    }

    /// <summary>The catalogue's facts for the runtime (the embedded catalogue, read once per process), or null off bunq's routes.</summary>
    private static OperationFactsSpec? FactsOf(MethodShape shape) =>
        shape.Operation?.Facts is { } facts
            ? new OperationFactsSpec(OperationFacts.TokenName(facts.Token), facts.SignatureRequired, facts.RawBody, facts.RawAnswer)
            : null;

    /// <summary>A name the parser recovered as empty (<c>namespace Fuzz.;</c>, <c>class {</c>): no code can name the type.</summary>
    private static bool HasMissingName(INamedTypeSymbol type)
    {
        for (ISymbol? s = type; s is not null and not INamespaceSymbol { IsGlobalNamespace: true }; s = s.ContainingSymbol)
        {
            if (s.Name.Length == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The namespace's names without '@' (ToDisplayString escapes keywords, and '@' is no hint-name character).</summary>
    private static string? RawName(INamespaceSymbol? ns) =>
        ns is null or { IsGlobalNamespace: true } ? null
        : RawName(ns.ContainingNamespace) is { } outer ? outer + "." + ns.Name : ns.Name;

    private static bool IsPublic(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }
}
