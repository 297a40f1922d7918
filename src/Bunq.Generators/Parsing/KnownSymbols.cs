using Microsoft.CodeAnalysis;

namespace Bunq.Generators.Parsing;

/// <summary>The symbols the shape check needs, resolved once per compilation.</summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation)
    {
        Endpoint = compilation.GetTypeByMetadataName(KnownTypeNames.BunqEndpointAttribute);
        Signed = compilation.GetTypeByMetadataName(KnownTypeNames.SignedAttribute);
        Client = compilation.GetTypeByMetadataName(KnownTypeNames.BunqClientAttribute);
        HttpMethod = compilation.GetTypeByMetadataName(KnownTypeNames.RefitHttpMethodAttribute);
        Body = compilation.GetTypeByMetadataName(KnownTypeNames.RefitBodyAttribute);
        CancellationToken = compilation.GetTypeByMetadataName(KnownTypeNames.CancellationToken);
    }

    public INamedTypeSymbol? Endpoint { get; }

    public INamedTypeSymbol? Signed { get; }

    public INamedTypeSymbol? Client { get; }

    public INamedTypeSymbol? HttpMethod { get; }

    public INamedTypeSymbol? Body { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public static KnownSymbols Create(Compilation compilation) => new(compilation);

    public bool Has(ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is not null && Find(symbol, attribute) is not null;

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
