using System.Collections.Generic;
using System.Linq;
using Bunq.Catalogue;
using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Parsing;

/// <summary>
/// What the shape check learned about one method of a <c>[BunqEndpoint]</c> interface, declared or inherited. The
/// facts read from the parameters are worked out on first use: the generator asks only for the ones that are errors
/// (the [Body] of a GET), and binding every parameter's type and attributes was most of what it spent on a large
/// interface.
/// </summary>
internal sealed class MethodShape
{
    private readonly KnownSymbols _known;
    private bool? _hasCancellationToken;
    private Optional<IParameterSymbol?> _body;

    public MethodShape(INamedTypeSymbol endpoint, IMethodSymbol method, AttributeData? verb, string? httpMethod, string? route, bool signed, KnownSymbols known)
    {
        Endpoint = endpoint;
        Method = method;
        Verb = verb;
        HttpMethod = httpMethod;
        Route = route;
        Signed = signed;
        _known = known;
        Inherited = !SymbolEqualityComparer.Default.Equals(method.ContainingType, endpoint);
        ReportedByItsOwnInterface = Inherited && known.Has(method.ContainingType, known.Endpoint);
    }

    /// <summary>The <c>[BunqEndpoint]</c> interface the method is called through.</summary>
    public INamedTypeSymbol Endpoint { get; }

    public IMethodSymbol Method { get; }

    public AttributeData? Verb { get; }

    public string? HttpMethod { get; }

    public string? Route { get; }

    public bool Signed { get; }

    /// <summary>Declared by a base interface rather than by <see cref="Endpoint"/> itself.</summary>
    public bool Inherited { get; }

    /// <summary>Inherited from a base that is itself a <c>[BunqEndpoint]</c>: that interface reports its problems.</summary>
    public bool ReportedByItsOwnInterface { get; }

    /// <summary>A later method with a name already taken (BUNQ005).</summary>
    public bool IsRepeatedName { get; set; }

    /// <summary>The name diagnostics use: <c>IBase.ListAsync</c> for an inherited method.</summary>
    public string DisplayName => Inherited ? Method.ContainingType.Name + "." + Method.Name : Method.Name;

    public bool HasCancellationToken =>
        _hasCancellationToken ??= Method.Parameters.Any(p => _known.IsCancellationToken(p.Type));

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

    public bool RouteIsRelative => Route is not null && EndpointShape.IsRelative(Route);

    /// <summary>bunq's operation at this verb and route in the embedded catalogue (a /v1 prefix ignored), or null.</summary>
    public BunqOperation? Operation => HttpMethod is null || Route is null ? null : EndpointShape.Operation(HttpMethod, Route);

    /// <summary>One of the calls that make the context (the catalogue's context routes); reading them is allowed.</summary>
    public bool CreatesContext => Operation?.Facts.IsContext == true;

    public bool BodyOnBodilessVerb => HttpMethod is "GET" or "DELETE" or "HEAD" && Body is not null;

    /// <summary>Whether the generator may put the method in the manifest: it has no error.</summary>
    public bool IsBuildable => !Problems(includeWarnings: false).Any();

    /// <summary>Every problem of the method, errors first in the order a reader fixes them.</summary>
    /// <param name="includeWarnings">False for the generator, which builds despite warnings and so need not bind parameters for them.</param>
    public IEnumerable<ShapeProblem> Problems(bool includeWarnings)
    {
        string endpoint = Endpoint.Name;
        if (!Signed)
        {
            yield return new ShapeProblem(DiagnosticDescriptors.UnsignedEndpoint, ProblemSite.Member, DisplayName, endpoint);
        }

        if (IsRepeatedName)
        {
            yield return new ShapeProblem(DiagnosticDescriptors.OverloadedEndpoint, ProblemSite.Member, DisplayName, endpoint);
        }

        if (Method.IsGenericMethod)
        {
            yield return new ShapeProblem(DiagnosticDescriptors.GenericEndpointMethod, ProblemSite.Member, DisplayName, endpoint);
        }

        if (Verb is null)
        {
            yield return new ShapeProblem(DiagnosticDescriptors.MissingHttpVerb, ProblemSite.Member, DisplayName, endpoint);
        }
        else
        {
            if (!RouteIsRelative)
            {
                yield return new ShapeProblem(DiagnosticDescriptors.RouteNotRelative, ProblemSite.Route, Route ?? "", DisplayName);
            }
            else if (CreatesContext)
            {
                yield return new ShapeProblem(DiagnosticDescriptors.ContextRouteDeclared, ProblemSite.Route, DisplayName, Route);
            }

            if (BodyOnBodilessVerb)
            {
                yield return new ShapeProblem(DiagnosticDescriptors.BodyOnBodilessVerb, ProblemSite.Body, DisplayName, HttpMethod);
            }
        }

        if (includeWarnings && !HasCancellationToken)
        {
            yield return new ShapeProblem(DiagnosticDescriptors.MissingCancellationToken, ProblemSite.Member, DisplayName, endpoint);
        }
    }
}
