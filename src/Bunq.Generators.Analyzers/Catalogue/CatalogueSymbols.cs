using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Catalogue;

/// <summary>The symbols the catalogue checks need, resolved once per compilation.</summary>
internal sealed class CatalogueSymbols
{
    private CatalogueSymbols(Compilation compilation)
    {
#pragma warning disable RS0030 // the catalogue analyzer's one place for well-known types, made once per compilation
        Endpoint = compilation.GetTypeByMetadataName(KnownTypeNames.BunqEndpointAttribute);
        HttpMethod = compilation.GetTypeByMetadataName(KnownTypeNames.RefitHttpMethodAttribute);
        Body = compilation.GetTypeByMetadataName(KnownTypeNames.RefitBodyAttribute);
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        BunqList = compilation.GetTypeByMetadataName("Bunq.BunqList`1");
        ApiResponse = compilation.GetTypeByMetadataName("Refit.ApiResponse`1");
        JsonPropertyName = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonPropertyNameAttribute");
        JsonIgnore = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIgnoreAttribute");
        JsonExtensionData = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonExtensionDataAttribute");
#pragma warning restore RS0030
        Enumerable = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
    }

    public INamedTypeSymbol? Endpoint { get; }

    public INamedTypeSymbol? HttpMethod { get; }

    public INamedTypeSymbol? Body { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? BunqList { get; }

    public INamedTypeSymbol? ApiResponse { get; }

    public INamedTypeSymbol? JsonPropertyName { get; }

    public INamedTypeSymbol? JsonIgnore { get; }

    public INamedTypeSymbol? JsonExtensionData { get; }

    public INamedTypeSymbol Enumerable { get; }

    /// <summary>Null when the compilation does not reference our runtime and Refit: then there is nothing to check.</summary>
    public static CatalogueSymbols? Create(Compilation compilation)
    {
        var symbols = new CatalogueSymbols(compilation);
        return symbols.Endpoint is null || symbols.HttpMethod is null ? null : symbols;
    }

    public static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? definition) =>
        definition is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, definition);

    public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (AttributeData data in symbol.GetAttributes())
        {
            for (INamedTypeSymbol? type = data.AttributeClass; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, attribute))
                {
                    return data;
                }
            }
        }

        return null;
    }
}
