using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Parsing;

/// <summary>
/// <c>[BunqEndpoint]</c> interfaces of referenced assemblies: those a project includes with
/// <c>[assembly: BunqEndpointsFrom(typeof(T))]</c> (the generator) and those it leaves out (the analyzer's BUNQ020).
/// </summary>
internal static class ReferencedEndpoints
{
    /// <summary>The assemblies named by the compilation's <c>[assembly: BunqEndpointsFrom(typeof(T))]</c> attributes.</summary>
    public static IEnumerable<IAssemblySymbol> Included(IAssemblySymbol assembly, KnownSymbols known) =>
        assembly.GetAttributes()
            .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, known.EndpointsFrom))
            .Select(a => a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is INamedTypeSymbol marker ? marker.ContainingAssembly : null)
            .Where(a => a is not null && !SymbolEqualityComparer.Default.Equals(a, assembly))
            .Select(a => a!)
            .Distinct<IAssemblySymbol>(SymbolEqualityComparer.Default);

    /// <summary>
    /// Referenced assemblies that may hold endpoint interfaces: they reference the runtime, and are not the runtime
    /// itself (its context endpoints belong to the bootstrapper). Everything else (the framework) is never walked.
    /// </summary>
    public static IEnumerable<IAssemblySymbol> Candidates(Compilation compilation, KnownSymbols known)
    {
        IAssemblySymbol? runtime = known.Endpoint?.ContainingAssembly;
        if (runtime is null)
        {
            return [];
        }

        // Reference identities are read from metadata; the assembly symbols they bind to would load every framework
        // assembly's references, once per compilation.
        string runtimeName = runtime.Identity.Name;
        return compilation.SourceModule.ReferencedAssemblySymbols
            .Where(a => !SymbolEqualityComparer.Default.Equals(a, runtime)
                && a.Modules.Any(m => m.ReferencedAssemblies.Any(id => string.Equals(id.Name, runtimeName, System.StringComparison.Ordinal))));
    }

    /// <summary>The <c>[BunqEndpoint]</c> interfaces of <paramref name="assembly"/> that <paramref name="within"/> can see, by full name.</summary>
    public static List<INamedTypeSymbol> Of(IAssemblySymbol assembly, IAssemblySymbol within, KnownSymbols known)
    {
        var found = new List<INamedTypeSymbol>();
        var namespaces = new Stack<INamespaceSymbol>();
        namespaces.Push(assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            INamespaceSymbol current = namespaces.Pop();
            foreach (INamespaceSymbol child in current.GetNamespaceMembers())
            {
                namespaces.Push(child);
            }

            foreach (INamedTypeSymbol type in current.GetTypeMembers())
            {
                Collect(type, within, known, found);
            }
        }

        return found.OrderBy(t => t.ToDisplayString(), System.StringComparer.Ordinal).ToList();
    }

    private static void Collect(INamedTypeSymbol type, IAssemblySymbol within, KnownSymbols known, List<INamedTypeSymbol> found)
    {
        if (type.TypeKind == TypeKind.Interface && known.Has(type, known.Endpoint) && IsVisible(type, within))
        {
            found.Add(type);
        }

        foreach (INamedTypeSymbol nested in type.GetTypeMembers())
        {
            Collect(nested, within, known, found);
        }
    }

    private static bool IsVisible(INamedTypeSymbol type, IAssemblySymbol within)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            bool visible = t.DeclaredAccessibility == Accessibility.Public
                || (t.DeclaredAccessibility == Accessibility.Internal && type.ContainingAssembly.GivesAccessTo(within));
            if (!visible)
            {
                return false;
            }
        }

        return true;
    }
}
