using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Parsing;

/// <summary>
/// What the shape check learned about one method of a <c>[BunqEndpoint]</c> interface. The facts read from the
/// parameters are worked out on first use: the generator never asks for them, and binding every parameter's type and
/// attributes was most of what it spent on a large interface.
/// </summary>
internal sealed class MethodShape
{
    private readonly KnownSymbols _known;
    private bool? _hasCancellationToken;
    private Optional<IParameterSymbol?> _body;

    public MethodShape(IMethodSymbol method, AttributeData? verb, string? httpMethod, string? route, bool signed, KnownSymbols known)
    {
        Method = method;
        Verb = verb;
        HttpMethod = httpMethod;
        Route = route;
        Signed = signed;
        _known = known;
    }

    public IMethodSymbol Method { get; }

    public AttributeData? Verb { get; }

    public string? HttpMethod { get; }

    public string? Route { get; }

    public bool Signed { get; }

    public bool HasCancellationToken =>
        _hasCancellationToken ??= Method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, _known.CancellationToken));

    public IParameterSymbol? Body
    {
        get
        {
            if (!_body.HasValue)
            {
                _body = new Optional<IParameterSymbol?>(Method.Parameters.FirstOrDefault(p => _known.Has(p, _known.Body)));
            }

            return _body.Value;
        }
    }

    public bool RouteIsRelative => Route is null || EndpointShape.IsRelative(Route);

    public bool RouteIsContextCreation => Route is not null && EndpointShape.IsContextCreation(Route);

    public bool BodyOnBodilessVerb => HttpMethod is "GET" or "DELETE" or "HEAD" && Body is not null;
}

/// <summary>
/// The one shape check shared by the analyzers (which report what is wrong) and the generator (which builds only what
/// is right), so the two can never disagree.
/// </summary>
internal static class EndpointShape
{
    private static readonly string[] ContextRoutes = ["installation", "device-server", "session-server"];

    /// <summary>The endpoint methods of an interface: its own abstract methods, in declaration order.</summary>
    public static IEnumerable<IMethodSymbol> Methods(INamedTypeSymbol endpoint) =>
        endpoint.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary && m.IsAbstract && !m.IsStatic);

    /// <summary>Reads one method's verb, route and signing; the parameter facts wait until someone asks.</summary>
    /// <param name="method">One of <see cref="Methods"/>.</param>
    /// <param name="endpointSigned">Whether the interface itself carries <c>[Signed]</c> (read once per interface).</param>
    /// <param name="known">The compilation's known symbols.</param>
    public static MethodShape Read(IMethodSymbol method, bool endpointSigned, KnownSymbols known)
    {
        AttributeData? verb = null;
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (DerivesFrom(attribute.AttributeClass, known.HttpMethod))
            {
                verb = attribute;
                break;
            }
        }

        string? route = verb is { ConstructorArguments.Length: > 0 } && verb.ConstructorArguments[0].Value is string text ? text : null;
        bool signed = endpointSigned || known.Has(method, known.Signed);
        return new MethodShape(method, verb, VerbOf(verb), route, signed, known);
    }

    /// <summary>A path relative to the base address: starts with one '/', names no scheme or host, no backslash.</summary>
    public static bool IsRelative(string route) =>
        route.StartsWith("/", StringComparison.Ordinal)
        && !route.StartsWith("//", StringComparison.Ordinal)
        && route.IndexOf("://", StringComparison.Ordinal) < 0
        && route.IndexOf('\\') < 0;

    /// <summary>True for installation, device-server and session-server, with or without a leading /v1.</summary>
    public static bool IsContextCreation(string route)
    {
        string path = route.Split('?')[0].Trim('/');
        string[] segments = path.Split('/');
        int first = segments.Length > 1 && string.Equals(segments[0], "v1", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        return segments.Length > first && ContextRoutes.Contains(segments[first].ToLowerInvariant());
    }

    /// <summary><c>IPayments</c> → <c>Payments</c>; other names stay as they are.</summary>
    public static string PropertyName(string interfaceName) =>
        interfaceName.Length > 1 && interfaceName[0] == 'I' && char.IsUpper(interfaceName[1]) ? interfaceName.Substring(1) : interfaceName;

    private static string? VerbOf(AttributeData? verb)
    {
        string? name = verb?.AttributeClass?.Name;
        if (name is null)
        {
            return null;
        }

        return (name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name).ToUpperInvariant();
    }

    private static bool DerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
