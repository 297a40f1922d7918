using System;
using System.Collections.Generic;
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
        DiagnosticDescriptors.DuplicateEndpointProperty,
        DiagnosticDescriptors.EndpointPropertyClash,
        DiagnosticDescriptors.EndpointNotBuildable,
        DiagnosticDescriptors.GenericEndpointMethod,
        DiagnosticDescriptors.ReferencedEndpointsNotIncluded);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownSymbols.For(start.Compilation);
            if (known.Endpoint is null || known.Signed is null)
            {
                return; // the runtime is not referenced: nothing of ours to check
            }

            string? refitOff = RefitGeneratorSwitch(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
            var state = new CompilationChecks(start.Compilation, known);
            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, known, refitOff, state), SymbolKind.NamedType);
            start.RegisterSymbolAction(symbol => AnalyzeSignedMethod(symbol, known, state), SymbolKind.Method);
            start.RegisterCompilationEndAction(state.Report);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols known, string? refitOff, CompilationChecks state)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (KnownSymbols.Find(type, known.Client) is { } client)
        {
            AnalyzeClient(context, type, client, refitOff, state);
        }

        bool isEndpoint = type.TypeKind == TypeKind.Interface && known.Has(type, known.Endpoint);
        if (!isEndpoint)
        {
            if (KnownSymbols.Find(type, known.Signed) is { } signed)
            {
                // Reported at the end unless some endpoint inherits from this interface.
                state.SignedOutside(type, AttributeLocation(signed, type, context), type.Name);
            }

            return;
        }

        EndpointCheck check = EndpointShape.Check(type, known);
        state.Endpoint(check);
        foreach (ShapeProblem problem in check.Problems)
        {
            context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, type.Locations.FirstOrDefault(), problem.Args));
        }

        foreach (MethodShape method in check.Methods.Where(m => !m.ReportedByItsOwnInterface))
        {
            foreach (ShapeProblem problem in method.Problems(includeWarnings: true))
            {
                context.ReportDiagnostic(Diagnostic.Create(problem.Descriptor, Locate(problem.Site, method, context), problem.Args));
            }
        }
    }

    private static void AnalyzeClient(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData attribute, string? refitOff, CompilationChecks state)
    {
        IReadOnlyCollection<string> taken = ClientShape.TakenNames(type);
        List<string> problems = ClientShape.Problems(type, taken);
        if (problems.Count > 0)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClientNotPartialClass, type.Locations.FirstOrDefault(), type.Name, string.Join("; ", problems)));
            return;
        }

        state.Client(type, taken);
        if (refitOff is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RefitGeneratorDisabled, AttributeLocation(attribute, type, context), refitOff, type.Name));
        }

        foreach (ExcludedAssembly excluded in state.ExcludedAssemblies)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReferencedEndpointsNotIncluded, AttributeLocation(attribute, type, context),
                type.Name, excluded.Name, excluded.Interfaces, excluded.Example));
        }
    }

    private static void AnalyzeSignedMethod(SymbolAnalysisContext context, KnownSymbols known, CompilationChecks state)
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
            state.SignedOutside(owner, AttributeLocation(signed, method, context), method.Name);
        }
    }

    /// <summary>
    /// Where a problem points. An inherited method's problems point at the endpoint interface that inherits it: the
    /// base may be in another assembly, and a fix belongs where [BunqEndpoint] is.
    /// </summary>
    private static Location? Locate(ProblemSite site, MethodShape method, SymbolAnalysisContext context)
    {
        Location? endpoint = method.Endpoint.Locations.FirstOrDefault();
        if (method.Inherited)
        {
            return endpoint;
        }

        Location? member = method.Method.Locations.FirstOrDefault() ?? endpoint;
        return site switch
        {
            ProblemSite.Route => RouteLocation(method.Verb, context.CancellationToken) ?? member,
            ProblemSite.Body => method.Body?.Locations.FirstOrDefault() ?? member,
            ProblemSite.Endpoint => endpoint,
            _ => member,
        };
    }

    private static Location? AttributeLocation(AttributeData attribute, ISymbol fallback, SymbolAnalysisContext context) =>
        attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? fallback.Locations.FirstOrDefault();

    private static Location? RouteLocation(AttributeData? verb, System.Threading.CancellationToken cancellationToken) =>
        verb?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax
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
