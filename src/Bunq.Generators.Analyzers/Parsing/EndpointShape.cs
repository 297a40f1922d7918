using System;
using System.Collections.Generic;
using System.Linq;
using Bunq.Catalogue;
using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Parsing;

/// <summary>The shape check's answer for one <c>[BunqEndpoint]</c> interface.</summary>
internal sealed class EndpointCheck
{
    public EndpointCheck(INamedTypeSymbol endpoint, IReadOnlyList<ShapeProblem> problems, IReadOnlyList<MethodShape> methods)
    {
        Endpoint = endpoint;
        Problems = problems;
        Methods = methods;
    }

    public INamedTypeSymbol Endpoint { get; }

    /// <summary>Problems of the interface itself; any one keeps it out of every client (BUNQ018).</summary>
    public IReadOnlyList<ShapeProblem> Problems { get; }

    /// <summary>Its methods, declared then inherited; each has its own problems.</summary>
    public IReadOnlyList<MethodShape> Methods { get; }

    public string PropertyName => EndpointShape.PropertyName(Endpoint.Name);
}

/// <summary>
/// The one shape check shared by the analyzers (which report every problem) and the generator (which builds exactly
/// what has no error), so the two can never disagree.
/// </summary>
internal static class EndpointShape
{
    /// <summary>Checks an interface carrying <c>[BunqEndpoint]</c>, its own methods and those it inherits.</summary>
    public static EndpointCheck Check(INamedTypeSymbol endpoint, KnownSymbols known)
    {
        var problems = new List<ShapeProblem>();
        if (endpoint.IsGenericType)
        {
            problems.Add(new ShapeProblem(DiagnosticDescriptors.EndpointNotBuildable, ProblemSite.Endpoint, endpoint.Name, "it is generic; a client property needs one concrete interface"));
        }
        else if (!IsReachable(endpoint))
        {
            problems.Add(new ShapeProblem(DiagnosticDescriptors.EndpointNotBuildable, ProblemSite.Endpoint, endpoint.Name, "the client cannot see it (it is private, protected or file-local, or nested in such or a generic type); make it public or internal"));
        }

        bool endpointSigned = known.Has(endpoint, known.Signed);
        var methods = Methods(endpoint).Select(m => Read(endpoint, m, endpointSigned, known)).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (MethodShape method in methods)
        {
            // Refit tells the handlers a call's interface and method name only, so a name must say which method it is.
            method.IsRepeatedName = !seen.Add(method.Method.Name);
        }

        return new EndpointCheck(endpoint, problems, methods);
    }

    /// <summary>The endpoint methods of an interface: its own abstract methods in declaration order, then inherited ones.</summary>
    public static IEnumerable<IMethodSymbol> Methods(INamedTypeSymbol endpoint) =>
        OwnMethods(endpoint).Concat(endpoint.AllInterfaces.SelectMany(OwnMethods));

    /// <summary>A path relative to the base address: starts with one '/', names no scheme or host, no backslash.</summary>
    public static bool IsRelative(string route) =>
        route.StartsWith("/", StringComparison.Ordinal)
        && !route.StartsWith("//", StringComparison.Ordinal)
        && route.IndexOf("://", StringComparison.Ordinal) < 0
        && route.IndexOf('\\') < 0;

    /// <summary>
    /// bunq's operation for a verb and route in the embedded catalogue, with or without a leading /v1 (BUNQ015 reports
    /// that apart): the facts the shape check and the manifest need hold whatever copy of bunq's description a project
    /// checks its routes against, so the generator reads the embedded one, once per process.
    /// </summary>
    public static BunqOperation? Operation(string verb, string route) =>
        BunqCatalogue.Embedded.Find(verb, CatalogueRoute.WithoutVersion(route));

    /// <summary><c>IPayments</c> → <c>Payments</c>; other names stay as they are.</summary>
    public static string PropertyName(string interfaceName) =>
        interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1]) ? interfaceName.Substring(1) : interfaceName;

    /// <summary>Public or internal, and so is every type it is nested in; none of them generic or file-local.</summary>
    public static bool IsReachable(INamedTypeSymbol type)
    {
        if (type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal) || type.IsFileLocal)
        {
            return false;
        }

        for (INamedTypeSymbol? t = type.ContainingType; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal) || t.IsFileLocal || t.IsGenericType)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<IMethodSymbol> OwnMethods(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && m.IsAbstract && !m.IsStatic);

    /// <summary>Reads one method's verb, route and signing; the parameter facts wait until someone asks.</summary>
    private static MethodShape Read(INamedTypeSymbol endpoint, IMethodSymbol method, bool endpointSigned, KnownSymbols known)
    {
        AttributeData? verb = null;
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (KnownSymbols.DerivesFrom(attribute.AttributeClass, known.HttpMethod))
            {
                verb = attribute;
                break;
            }
        }

        string? route = verb is { ConstructorArguments.Length: > 0 } && verb.ConstructorArguments[0].Value is string text ? text : null;
        // An inherited method is also signed by [Signed] on the interface that declares it.
        bool signed = endpointSigned || known.Has(method, known.Signed)
            || (!SymbolEqualityComparer.Default.Equals(method.ContainingType, endpoint) && known.Has(method.ContainingType, known.Signed));
        return new MethodShape(endpoint, method, verb, VerbOf(verb), route, signed, known);
    }

    private static string? VerbOf(AttributeData? verb)
    {
        string? name = verb?.AttributeClass?.Name;
        if (name is null)
        {
            return null;
        }

        return (name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name).ToUpperInvariant();
    }
}
