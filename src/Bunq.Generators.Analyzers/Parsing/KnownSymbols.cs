using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Parsing;

/// <summary>
/// The symbols the shape check needs, resolved once per compilation: <see cref="For"/> keeps one instance per
/// <see cref="Compilation"/> object, so the generator's per-interface transforms share it instead of looking every
/// name up again. Never cached in a pipeline step (symbols are not values); the steps keep only what they read from it.
/// </summary>
internal sealed class KnownSymbols
{
    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Cache = new();

    private KnownSymbols(Compilation compilation)
    {
#pragma warning disable RS0030 // the one place metadata names are resolved
        Endpoint = compilation.GetTypeByMetadataName(KnownTypeNames.BunqEndpointAttribute);
        Signed = compilation.GetTypeByMetadataName(KnownTypeNames.SignedAttribute);
        Client = compilation.GetTypeByMetadataName(KnownTypeNames.BunqClientAttribute);
        EndpointsFrom = compilation.GetTypeByMetadataName(KnownTypeNames.BunqEndpointsFromAttribute);
        HttpMethod = compilation.GetTypeByMetadataName(KnownTypeNames.RefitHttpMethodAttribute);
        Body = compilation.GetTypeByMetadataName(KnownTypeNames.RefitBodyAttribute);
        CancellationToken = compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken);
#pragma warning restore RS0030
    }

    public INamedTypeSymbol? Endpoint { get; }

    public INamedTypeSymbol? Signed { get; }

    public INamedTypeSymbol? Client { get; }

    public INamedTypeSymbol? EndpointsFrom { get; }

    public INamedTypeSymbol? HttpMethod { get; }

    public INamedTypeSymbol? Body { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    /// <summary>The known symbols of <paramref name="compilation"/>, resolved on its first request.</summary>
    public static KnownSymbols For(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownSymbols(c));

    public bool Has(ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is not null && Find(symbol, attribute) is not null;

    /// <summary><c>CancellationToken</c> or <c>CancellationToken?</c>: either lets a caller give up.</summary>
    public bool IsCancellationToken(ITypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type, CancellationToken)
        || (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable
            && SymbolEqualityComparer.Default.Equals(nullable.TypeArguments[0], CancellationToken));

    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (AttributeData data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }
}
