using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Bunq.Catalogue;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Bunq.Generators.Catalogue;

/// <summary>
/// Picks the catalogue a compilation is checked against: the embedded one, or bunq's description the user supplies as
/// the AdditionalFiles item <c>bunq-openapi.json</c> (a newer copy of bunq's API), which then replaces it.
/// </summary>
internal static class CatalogueSource
{
    /// <summary>The file name that marks an AdditionalFiles item as bunq's OpenAPI description.</summary>
    public const string OverrideFileName = "bunq-openapi.json";

    // One entry: a build or an IDE session has one description, and it is large; re-derive only when its text changes.
    private static Tuple<ImmutableArray<byte>, BunqCatalogue?>? s_lastOverride;

    public static BunqCatalogue For(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        AdditionalText? file = files.FirstOrDefault(f => string.Equals(Path.GetFileName(f.Path), OverrideFileName, StringComparison.OrdinalIgnoreCase));
        if (file?.GetText(cancellationToken) is not { } text)
        {
            return BunqCatalogue.Embedded;
        }

        ImmutableArray<byte> checksum = text.GetChecksum();
        Tuple<ImmutableArray<byte>, BunqCatalogue?>? last = s_lastOverride;
        if (last is null || !last.Item1.SequenceEqual(checksum))
        {
            last = Tuple.Create(checksum, Derive(text));
            s_lastOverride = last;
        }

        // A file that is not an OpenAPI description leaves the embedded catalogue in charge (documented in README).
        return last.Item2 ?? BunqCatalogue.Embedded;
    }

    private static BunqCatalogue? Derive(SourceText text)
    {
        try
        {
            BunqCatalogue catalogue = OpenApiCatalogue.Parse(text.ToString());
            return catalogue.Operations.Count > 0 ? catalogue : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
