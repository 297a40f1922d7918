using System.Linq;
using System.Threading;
using Bunq.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bunq.Generators.Parsing;

/// <summary>Turns symbols into specs. Never writes code; returns null for what cannot be built (the analyzers say why).</summary>
internal static class SpecParser
{
    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat;

    public static EndpointInterfaceSpec? ParseEndpoint(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Interface, IsGenericType: false } endpoint
            || endpoint.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal)
            || !IsReachable(endpoint))
        {
            return null;
        }

        var known = KnownSymbols.Create(context.SemanticModel.Compilation);
        bool endpointSigned = known.Has(endpoint, known.Signed);
        var methods = EndpointShape.Methods(endpoint)
            .Select(m => EndpointShape.Read(m, endpointSigned, known))
            .Where(shape => shape.HttpMethod is not null && shape.Route is not null && shape.RouteIsRelative && !shape.Method.IsGenericMethod)
            .Select(shape => new EndpointMethodSpec(shape.Method.Name, shape.HttpMethod!, shape.Route!, shape.Signed))
            .ToEquatableArray();
        cancellationToken.ThrowIfCancellationRequested();
        return new EndpointInterfaceSpec(
            endpoint.ToDisplayString(FullyQualified),
            EndpointShape.PropertyName(endpoint.Name),
            IsPublic(endpoint),
            methods);
    }

    /// <summary>Whether the class can be completed: the same test the BUNQ007 analyzer applies.</summary>
    public static bool IsCompletableClient(INamedTypeSymbol type, ClassDeclarationSyntax? declaration) =>
        type is { TypeKind: TypeKind.Class, IsStatic: false, IsGenericType: false, ContainingType: null }
        && declaration is not null && declaration.Modifiers.Any(SyntaxKind.PartialKeyword);

    public static ClientSpec? ParseClient(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || !IsCompletableClient(type, context.TargetNode as ClassDeclarationSyntax))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
        return new ClientSpec(ns, type.Name, type.DeclaredAccessibility == Accessibility.Public);
    }

    private static bool IsReachable(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal) || t.IsGenericType)
            {
                return false;
            }
        }

        return true;
    }

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
