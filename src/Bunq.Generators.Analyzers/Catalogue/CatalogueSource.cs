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
    private static readonly ConcurrentDictionary<string, Derivation> Derived = new(StringComparer.Ordinal);

    public static BunqCatalogue For(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken) =>
        Select(files, cancellationToken).Catalogue;

    /// <summary>
    /// The catalogue to check against; the project's <c>bunq-openapi.json</c> item, if it has one (the first by that
    /// name); and why that file could not replace the embedded catalogue, or null when it did or there is none.
    /// </summary>
    public static (BunqCatalogue Catalogue, AdditionalText? File, string? Problem) Select(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        AdditionalText? file = files.FirstOrDefault(f => string.Equals(Path.GetFileName(f.Path), OverrideFileName, StringComparison.OrdinalIgnoreCase));
        if (file is null)
        {
            return (BunqCatalogue.Embedded, null, null);
        }

        Derivation derivation = Derive(file, cancellationToken);
        return (derivation.Catalogue ?? BunqCatalogue.Embedded, file, derivation.Problem);
    }

    private static Derivation Derive(AdditionalText file, CancellationToken cancellationToken)
    {
        if (file.GetText(cancellationToken) is not { } text)
        {
            return new Derivation(null, "the file cannot be read");
        }

        string key = Convert.ToBase64String(text.GetChecksum().ToArray());
        if (Derived.TryGetValue(key, out Derivation derivation))
        {
            return derivation;
        }

        if (Derived.Count >= MaxCached)
        {
            Derived.Clear();
        }

        return Derived.GetOrAdd(key, _ => Derive(text));
    }

    private static Derivation Derive(SourceText text)
    {
        try
        {
            BunqCatalogue catalogue = OpenApiCatalogue.Parse(text.ToString(), BunqFacts.Embedded);
            return catalogue.Operations.Count > 0 ? new Derivation(catalogue, null) : new Derivation(null, "it describes no operation");
        }
        catch (FormatException e)
        {
            return new Derivation(null, e.Message);
        }
    }

    private readonly record struct Derivation(BunqCatalogue? Catalogue, string? Problem);
}
