using System;
using System.Collections.Concurrent;
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

    // Derived once per distinct text (a build or an IDE session has one description, and it is large). A few entries, so
    // that projects with different copies analysed side by side do not evict each other; cleared when it would grow past.
    private const int MaxCached = 4;
    private static readonly ConcurrentDictionary<string, BunqCatalogue?> Derived = new(StringComparer.Ordinal);

    public static BunqCatalogue For(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        AdditionalText? file = files.FirstOrDefault(f => string.Equals(Path.GetFileName(f.Path), OverrideFileName, StringComparison.OrdinalIgnoreCase));
        if (file?.GetText(cancellationToken) is not { } text)
        {
            return BunqCatalogue.Embedded;
        }

        string key = Convert.ToBase64String(text.GetChecksum().ToArray());
        if (!Derived.TryGetValue(key, out BunqCatalogue? catalogue))
        {
            if (Derived.Count >= MaxCached)
            {
                Derived.Clear();
            }

            catalogue = Derived.GetOrAdd(key, _ => Derive(text));
        }

        // A file that is not an OpenAPI description leaves the embedded catalogue in charge (documented in README).
        return catalogue ?? BunqCatalogue.Embedded;
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
