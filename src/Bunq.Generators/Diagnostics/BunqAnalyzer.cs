using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Bunq.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bunq.Generators.Diagnostics;

/// <summary>Reports every BUNQ diagnostic from the shape check the generator also uses.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BunqAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnsignedEndpoint,
        DiagnosticDescriptors.MissingHttpVerb,
        DiagnosticDescriptors.RouteNotRelative,
        DiagnosticDescriptors.ContextRouteDeclared,
        DiagnosticDescriptors.OverloadedEndpoint,
        DiagnosticDescriptors.SignedOutsideEndpoint,
        DiagnosticDescriptors.ClientNotPartialClass,
        DiagnosticDescriptors.MissingCancellationToken,
        DiagnosticDescriptors.BodyOnBodilessVerb,
        DiagnosticDescriptors.RefitGeneratorDisabled,
        DiagnosticDescriptors.DuplicateEndpointProperty);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownSymbols.Create(start.Compilation);
            if (known.Endpoint is null || known.Signed is null)
            {
                return; // the runtime is not referenced: nothing of ours to check
            }

            string? refitOff = RefitGeneratorSwitch(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            var endpoints = new ConcurrentBag<INamedTypeSymbol>();
            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, known, refitOff, endpoints), SymbolKind.NamedType);
            start.RegisterSymbolAction(symbol => AnalyzeSignedMethod(symbol, known), SymbolKind.Method);
            start.RegisterCompilationEndAction(end => ReportDuplicateProperties(end, endpoints));
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols known, string? refitOff, ConcurrentBag<INamedTypeSymbol> endpoints)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (KnownSymbols.Find(type, known.Client) is { } client)
        {
            AnalyzeClient(context, type, client, refitOff);
        }

        bool isEndpoint = type.TypeKind == TypeKind.Interface && known.Has(type, known.Endpoint);
        if (!isEndpoint)
        {
            if (KnownSymbols.Find(type, known.Signed) is { } signed)
            {
                Report(context, DiagnosticDescriptors.SignedOutsideEndpoint, signed, type, type.Name);
            }

            return;
        }

        endpoints.Add(type);
        bool endpointSigned = known.Has(type, known.Signed);
        foreach (IMethodSymbol method in EndpointShape.Methods(type))
        {
            AnalyzeMethod(context, EndpointShape.Read(method, endpointSigned, known), type);
        }

        foreach (var overloads in EndpointShape.Methods(type).GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (IMethodSymbol method in overloads.Skip(1))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.OverloadedEndpoint, method.Locations.FirstOrDefault(), method.Name, type.Name));
            }
        }
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, MethodShape shape, INamedTypeSymbol endpoint)
    {
        IMethodSymbol method = shape.Method;
        Location? location = method.Locations.FirstOrDefault();
        if (!shape.Signed)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsignedEndpoint, location, method.Name, endpoint.Name));
        }

        if (shape.Verb is null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingHttpVerb, location, method.Name, endpoint.Name));
            return;
        }

        Location routeLocation = RouteLocation(shape.Verb, context.CancellationToken) ?? location ?? Location.None;
        if (!shape.RouteIsRelative)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RouteNotRelative, routeLocation, shape.Route, method.Name));
        }
        else if (shape.RouteIsContextCreation)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContextRouteDeclared, routeLocation, method.Name, shape.Route));
        }

        if (shape.BodyOnBodilessVerb)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BodyOnBodilessVerb, shape.Body!.Locations.FirstOrDefault() ?? location, method.Name, shape.HttpMethod));
        }

        if (!shape.HasCancellationToken)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingCancellationToken, location, method.Name, endpoint.Name));
        }
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData attribute, string? refitOff)
    {
        var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(context.CancellationToken)).ToList();
        bool completable = declarations.OfType<ClassDeclarationSyntax>().Any(d => SpecParser.IsCompletableClient(type, d));
        if (!completable)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClientNotPartialClass, type.Locations.FirstOrDefault(), type.Name));
        }
        else if (refitOff is not null)
        {
            Report(context, DiagnosticDescriptors.RefitGeneratorDisabled, attribute, type, refitOff, type.Name);
        }
    }

    private static void AnalyzeSignedMethod(SymbolAnalysisContext context, KnownSymbols known)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (KnownSymbols.Find(method, known.Signed) is not { } signed)
        {
            return;
        }

        INamedTypeSymbol? owner = method.ContainingType;
        bool inEndpoint = owner is { TypeKind: TypeKind.Interface } && known.Has(owner, known.Endpoint);
        if (!inEndpoint)
        {
            Report(context, DiagnosticDescriptors.SignedOutsideEndpoint, signed, method, method.Name);
        }
    }

    private static void ReportDuplicateProperties(CompilationAnalysisContext context, ConcurrentBag<INamedTypeSymbol> endpoints)
    {
        foreach (var clash in endpoints.GroupBy(e => EndpointShape.PropertyName(e.Name), StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var ordered = clash.OrderBy(e => e.ToDisplayString(), StringComparer.Ordinal).ToList();
            foreach (INamedTypeSymbol later in ordered.Skip(1))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateEndpointProperty, later.Locations.FirstOrDefault(),
                    ordered[0].ToDisplayString(), later.ToDisplayString(), clash.Key));
            }
        }
    }

    private static void Report(SymbolAnalysisContext context, DiagnosticDescriptor descriptor, AttributeData attribute, ISymbol fallback, params object?[] args)
    {
        Location? location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? fallback.Locations.FirstOrDefault();
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, args));
    }

    private static Location? RouteLocation(AttributeData verb, System.Threading.CancellationToken cancellationToken) =>
        verb.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax
            ? syntax.ArgumentList.Arguments[0].GetLocation()
            : null;

    /// <summary>Refit makes these build properties compiler-visible (refit.props); either one switches its generator off.</summary>
    private static string? RefitGeneratorSwitch(AnalyzerConfigOptions options)
    {
        if (options.TryGetValue("build_property.DisableRefitSourceGenerator", out string? disabled)
            && string.Equals(disabled, "true", StringComparison.OrdinalIgnoreCase))
        {
            return "DisableRefitSourceGenerator=true";
        }

        if (options.TryGetValue("build_property.RefitGeneratedRequestBuilding", out string? building)
            && string.Equals(building, "false", StringComparison.OrdinalIgnoreCase))
        {
            return "RefitGeneratedRequestBuilding=false";
        }

        return null;
    }
}
