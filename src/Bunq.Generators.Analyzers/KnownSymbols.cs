using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Bunq.Generators;

/// <summary>
/// The well-known symbols the generator and every analyzer need, resolved once per compilation: <see cref="For"/> keeps
/// one instance per <see cref="Compilation"/> object, so the generator's per-interface transforms and the analyzers'
/// compilation-start actions share it instead of looking every name up again. Never cached in a pipeline step
/// (symbols are not values); the steps keep only what they read from it.
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
        Header = compilation.GetTypeByMetadataName(KnownTypeNames.RefitHeaderAttribute);
        Headers = compilation.GetTypeByMetadataName(KnownTypeNames.RefitHeadersAttribute);
        CancellationToken = compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken);
        Task = compilation.GetTypeByMetadataName(KnownTypeNames.TaskOfT);
        BunqList = compilation.GetTypeByMetadataName(KnownTypeNames.BunqList);
        ApiResponse = compilation.GetTypeByMetadataName(KnownTypeNames.RefitApiResponse);
        JsonPropertyName = compilation.GetTypeByMetadataName(KnownTypeNames.JsonPropertyNameAttribute);
        JsonIgnore = compilation.GetTypeByMetadataName(KnownTypeNames.JsonIgnoreAttribute);
        JsonExtensionData = compilation.GetTypeByMetadataName(KnownTypeNames.JsonExtensionDataAttribute);
        Stream = compilation.GetTypeByMetadataName(KnownTypeNames.Stream);
        HttpContent = compilation.GetTypeByMetadataName(KnownTypeNames.HttpContent);
        HttpResponseMessage = compilation.GetTypeByMetadataName(KnownTypeNames.HttpResponseMessage);
#pragma warning restore RS0030
        Enumerable = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
    }

    public INamedTypeSymbol? Endpoint { get; }

    public INamedTypeSymbol? Signed { get; }

    public INamedTypeSymbol? Client { get; }

    public INamedTypeSymbol? EndpointsFrom { get; }

    public INamedTypeSymbol? HttpMethod { get; }

    public INamedTypeSymbol? Body { get; }

    public INamedTypeSymbol? Header { get; }

    public INamedTypeSymbol? Headers { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? BunqList { get; }

    public INamedTypeSymbol? ApiResponse { get; }

    public INamedTypeSymbol? JsonPropertyName { get; }

    public INamedTypeSymbol? JsonIgnore { get; }

    public INamedTypeSymbol? JsonExtensionData { get; }

    public INamedTypeSymbol? Stream { get; }

    public INamedTypeSymbol? HttpContent { get; }

    public INamedTypeSymbol? HttpResponseMessage { get; }

    public INamedTypeSymbol Enumerable { get; }

    /// <summary>True when the compilation references our runtime and Refit: otherwise there is nothing of ours to check.</summary>
    public bool HasRuntimeAndRefit => Endpoint is not null && HttpMethod is not null;

    /// <summary>The known symbols of <paramref name="compilation"/>, resolved on its first request.</summary>
    public static KnownSymbols For(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownSymbols(c));

    public bool Has(ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is not null && Find(symbol, attribute) is not null;

    /// <summary><c>CancellationToken</c> or <c>CancellationToken?</c>: either lets a caller give up.</summary>
    public bool IsCancellationToken(ITypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type, CancellationToken)
        || (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable
            && SymbolEqualityComparer.Default.Equals(nullable.TypeArguments[0], CancellationToken));

    /// <summary>
    /// The shapes Refit sends as bytes rather than serializing to JSON: <c>Stream</c> (or a type derived from it),
    /// <c>HttpContent</c> (or derived) and <c>byte[]</c>.
    /// </summary>
    public bool IsRawBody(ITypeSymbol type) =>
        type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte }
        || DerivesFrom(type, Stream) || DerivesFrom(type, HttpContent);

    /// <summary>
    /// A return type that hands the caller the answer's bytes: <c>Task&lt;T&gt;</c> (or <c>T</c>) of <c>Stream</c>,
    /// <c>byte[]</c>, <c>HttpContent</c> or <c>HttpResponseMessage</c>.
    /// </summary>
    public bool IsRawAnswer(ITypeSymbol type)
    {
        ITypeSymbol inner = type is INamedTypeSymbol { TypeArguments.Length: 1 } named && Is(named, Task) ? named.TypeArguments[0] : type;
        return IsRawBody(inner) || DerivesFrom(inner, HttpResponseMessage);
    }

    /// <summary>The generic type <paramref name="type"/> is a construction of <paramref name="definition"/>.</summary>
    public static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? definition) =>
        definition is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, definition);

    /// <summary>The attribute of class <paramref name="attribute"/>, or of a class derived from it (Refit's <c>Get</c> from <c>HttpMethod</c>).</summary>
    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (AttributeData data in symbol.GetAttributes())
        {
            if (DerivesFrom(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }

    /// <summary><paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
