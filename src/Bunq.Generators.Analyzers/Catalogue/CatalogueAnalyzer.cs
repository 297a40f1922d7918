using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Bunq.Catalogue;
using Bunq.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bunq.Generators.Catalogue;

/// <summary>
/// Checks [BunqEndpoint] methods against bunq's API catalogue: the route exists (BUNQ012), bunq offers the verb there
/// (BUNQ013), the body's JSON properties are fields bunq's request object has (BUNQ014), the route does not repeat
/// the /v1 of the base address (BUNQ015), the response type's properties are fields bunq's object has (BUNQ016), raw
/// bytes where bunq takes or answers them and JSON elsewhere (BUNQ022, <see cref="RawBytesCheck"/>).
/// Form problems (no verb, a route that is not relative) are <see cref="BunqAnalyzer"/>'s and are skipped here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CatalogueAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the suggested routes, one per line, with the method's placeholder names (BUNQ012), or the route without /v1 (BUNQ015).</summary>
    internal const string RoutesProperty = "Routes";

    /// <summary>Diagnostic property: the nearest field's JSON name (BUNQ014).</summary>
    internal const string FieldProperty = "Field";

    /// <summary>Diagnostic property: the documentation id of the property's declaring type (BUNQ014, BUNQ016).</summary>
    internal const string TypeProperty = "Type";

    /// <summary>Diagnostic property: the property's C# name (BUNQ014, BUNQ016).</summary>
    internal const string PropertyProperty = "Property";

    private const string VersionPrefix = "/v1";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.RouteUnknownToBunq,
        DiagnosticDescriptors.VerbNotOfferedByBunq,
        DiagnosticDescriptors.BodyPropertyUnknownToBunq,
        DiagnosticDescriptors.RouteRepeatsVersion,
        DiagnosticDescriptors.ResponsePropertyUnknownToBunq,
        DiagnosticDescriptors.UnusableOpenApiFile,
        DiagnosticDescriptors.RawBytesMismatch);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            KnownSymbols symbols = KnownSymbols.For(start.Compilation);
            if (!symbols.HasRuntimeAndRefit)
            {
                return; // the runtime or Refit is not referenced: nothing of ours to check
            }

            (BunqCatalogue catalogue, AdditionalText? file, string? problem) = CatalogueSource.Select(start.Options.AdditionalFiles, start.CancellationToken);
            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, symbols, catalogue), SymbolKind.NamedType);
            if (file is not null && problem is not null)
            {
                start.RegisterAdditionalFileAction(context => ReportUnusable(context, file, problem));
            }
        });
    }

    /// <summary>BUNQ021: the project's bunq-openapi.json could not replace the embedded catalogue.</summary>
    private static void ReportUnusable(AdditionalFileAnalysisContext context, AdditionalText chosen, string problem)
    {
        if (string.Equals(context.AdditionalFile.Path, chosen.Path, StringComparison.Ordinal))
        {
            var location = Location.Create(chosen.Path, default, default);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnusableOpenApiFile, location,
                System.IO.Path.GetFileName(chosen.Path), problem.TrimEnd('.')));
        }
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols symbols, BunqCatalogue catalogue)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Interface || KnownSymbols.Find(type, symbols.Endpoint) is null)
        {
            return;
        }

        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && KnownSymbols.Find(method, symbols.HttpMethod) is { } verbAttribute)
            {
                AnalyzeMethod(context, method, verbAttribute, symbols, catalogue);
            }
        }
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, IMethodSymbol method, AttributeData verbAttribute, KnownSymbols symbols,
        BunqCatalogue catalogue)
    {
        string? verb = Verb(verbAttribute.AttributeClass);
        if (verb is null || verbAttribute.ConstructorArguments.FirstOrDefault().Value is not string route || !route.StartsWith("/", StringComparison.Ordinal))
        {
            return; // BUNQ002/BUNQ003 territory, or a custom verb attribute the catalogue cannot name
        }

        AttributeSyntax? syntax = verbAttribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
        Location routeLocation = syntax?.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
        if (route == VersionPrefix || route.StartsWith(VersionPrefix + "/", StringComparison.Ordinal))
        {
            string withoutVersion = route.Length == VersionPrefix.Length ? "/" : route.Substring(VersionPrefix.Length);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RouteRepeatsVersion, routeLocation,
                ImmutableDictionary<string, string?>.Empty.Add(RoutesProperty, withoutVersion), route, method.Name));
            return;
        }

        IReadOnlyList<BunqOperation> operations = catalogue.OperationsAt(route);
        if (operations.Count == 0)
        {
            var nearest = catalogue.NearestRoutes(route, 3).Select(r => CatalogueRoute.WithPlaceholdersOf(r, route)).ToList();
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RouteUnknownToBunq, routeLocation,
                ImmutableDictionary<string, string?>.Empty.Add(RoutesProperty, string.Join("\n", nearest)),
                route, method.Name, string.Join("', '", nearest)));
            return;
        }

        BunqOperation? operation = operations.FirstOrDefault(o => o.Verb == verb);
        if (operation is null)
        {
            Location verbLocation = syntax?.Name.GetLocation() ?? routeLocation;
            string offered = string.Join(", ", operations.Select(o => o.Verb).Distinct().OrderBy(v => v, StringComparer.Ordinal));
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.VerbNotOfferedByBunq, verbLocation, verb, route, method.Name, offered));
            return;
        }

        // Bytes, not JSON, where bunq's operation or the method says so (BUNQ022); the field checks would only add noise there.
        IParameterSymbol? body = method.Parameters.FirstOrDefault(p => KnownSymbols.Find(p, symbols.Body) is not null);
        (bool rawBody, bool rawAnswer) = RawBytesCheck.Check(context, method, body, operation, symbols, routeLocation);

        // The method's side first: the catalogue reads an object type's fields only when one is asked for.
        if (!rawBody && body is not null && catalogue.Type(operation.RequestType) is { } request)
        {
            Location at = body.Locations.FirstOrDefault() ?? routeLocation;
            foreach (FieldFinding finding in new ObjectFieldCheck(catalogue, symbols, request: true).Check(body.Type, request))
            {
                Report(context, DiagnosticDescriptors.BodyPropertyUnknownToBunq, finding, at,
                    finding.Property.Name, finding.Property.ContainingType.Name, finding.JsonName, finding.BunqType, finding.Nearest ?? "-");
            }
        }

        if (!rawAnswer && ResponseType(method.ReturnType, symbols) is { } returned && catalogue.Type(operation.ResponseType) is { } response)
        {
            Location at = (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) as MethodDeclarationSyntax)?.ReturnType.GetLocation()
                ?? method.Locations.FirstOrDefault() ?? routeLocation;
            var check = new ObjectFieldCheck(catalogue, symbols, request: false);
            List<FieldFinding> findings = Variants(response, catalogue).Select(v => check.Check(returned, v)).OrderBy(f => f.Count).First();
            foreach (FieldFinding finding in findings)
            {
                Report(context, DiagnosticDescriptors.ResponsePropertyUnknownToBunq, finding, at,
                    finding.Property.Name, finding.Property.ContainingType.Name, finding.JsonName, finding.BunqType);
            }
        }
    }

    /// <summary>
    /// Reported in the endpoint (at the [Body] parameter or the return type), not at the property: a diagnostic must lie
    /// in the symbol being analysed for the IDE to show it while the file is open, and the DTO is often elsewhere. The
    /// property is named in the message and, for the code fix, in the diagnostic's properties.
    /// </summary>
    private static void Report(SymbolAnalysisContext context, DiagnosticDescriptor descriptor, FieldFinding finding, Location location, params object?[] arguments)
    {
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(FieldProperty, finding.Nearest)
            .Add(TypeProperty, finding.Property.ContainingType.GetDocumentationCommentId())
            .Add(PropertyProperty, finding.Property.Name);
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, arguments));
    }

    /// <summary>
    /// The objects a response may hold. bunq's description gives some responses as the envelope's wrapper, fields named
    /// after bunq's object types (<c>{"Id": BunqId}</c>, or <c>UserPerson</c>/<c>UserCompany</c>/... for a user), while
    /// the runtime hands the method the object inside: then each wrapped type is a candidate.
    /// </summary>
    private static IEnumerable<BunqObjectType> Variants(BunqObjectType response, BunqCatalogue catalogue)
    {
        var wrapped = response.Fields.Select(f => f.Name.Length > 0 && char.IsUpper(f.Name[0]) && !f.IsArray ? catalogue.Type(f.ObjectType) : null).ToList();
        return wrapped.Count > 0 && wrapped.All(t => t is not null) ? wrapped! : new[] { response };
    }

    /// <summary>The object a method reads: T of Task&lt;T&gt;, of BunqList&lt;T&gt; and of ApiResponse&lt;T&gt;, unwrapped in any nesting.</summary>
    private static ITypeSymbol? ResponseType(ITypeSymbol type, KnownSymbols symbols)
    {
        for (int i = 0; i < 4 && type is INamedTypeSymbol { TypeArguments.Length: 1 } named; i++)
        {
            if (!KnownSymbols.Is(named, symbols.Task) && !KnownSymbols.Is(named, symbols.BunqList) && !KnownSymbols.Is(named, symbols.ApiResponse))
            {
                break;
            }

            type = named.TypeArguments[0];
        }

        return type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None, IsGenericType: false } ? type : null;
    }

    /// <summary>Refit's verb attributes by name (their Method property has no value a compiler can read).</summary>
    private static string? Verb(INamedTypeSymbol? attribute)
    {
        for (INamedTypeSymbol? type = attribute; type is not null; type = type.BaseType)
        {
            if (type.ContainingNamespace?.Name == "Refit" && type.Name is "GetAttribute" or "PostAttribute" or "PutAttribute" or "DeleteAttribute" or "PatchAttribute" or "HeadAttribute" or "OptionsAttribute")
            {
                return type.Name.Substring(0, type.Name.Length - "Attribute".Length).ToUpperInvariant();
            }
        }

        return null;
    }
}
